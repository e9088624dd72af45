import { Enums, Models, Serialize, Spec } from '@cyclonedx/cyclonedx-library';

import type { Dependency } from '../inventory/dependency.js';
import { packageUrl } from './package-url.js';

export interface BomComponentPreview {
  type: string;
  name: string;
  version: string;
  purl: string;
}

const normalizer = new Serialize.JSON.Normalize.Factory(Spec.Spec1dot5).makeForBom();

/**
 * The CycloneDX 1.5 JSON document of CATALOG.md 20 `sbom.generate`, built with the CycloneDX
 * library. Two library defaults are taken out to match the catalog: the random `bom-ref` of
 * `metadata.component` (the document must be reproducible apart from its timestamp) and the
 * `dependencies` graph, which would claim every component has no dependencies — the lockfile
 * inventory does not know the edges.
 */
export function buildCycloneDxBom(
  dependencies: readonly Dependency[],
  timestamp: Date,
): Record<string, unknown> {
  const bom = new Models.Bom();
  bom.version = 1;
  bom.metadata.timestamp = timestamp;
  bom.metadata.tools.tools.add(
    new Models.Tool({ vendor: 'workspace', name: 'workspace.sbom.generate', version: 'v1' }),
  );
  bom.metadata.component = new Models.Component(Enums.ComponentType.Application, 'workspace-repo');
  for (const entry of dependencies) {
    const purl = packageUrl(entry);
    const component = new Models.Component(Enums.ComponentType.Library, entry.name, {
      version: entry.version,
      bomRef: purl,
    });
    // The library types `purl` as a packageurl-js object; it only ever calls toString() on it.
    component.purl = purl;
    bom.components.add(component);
  }
  const document = normalizer.normalize(bom, { sortLists: false }) as unknown as Record<
    string,
    unknown
  >;
  delete document['dependencies'];
  const metadata = document['metadata'] as Record<string, unknown>;
  delete (metadata['component'] as Record<string, unknown>)['bom-ref'];
  return document;
}

export function componentPreview(entry: Dependency): BomComponentPreview {
  return { type: 'library', name: entry.name, version: entry.version, purl: packageUrl(entry) };
}
