import { parseAllDocuments } from 'yaml';
import { AppException } from '#app/errors';

/** A manifest object as parsed: only `kind`, `apiVersion` and `metadata` are looked at here. */
export interface ManifestObject {
  apiVersion?: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

export type AllowedKind = 'ConfigMap' | 'Service' | 'Deployment';

const ALLOWED: Record<string, { kind: AllowedKind; apiVersion: string }> = {
  configmap: { kind: 'ConfigMap', apiVersion: 'v1' },
  service: { kind: 'Service', apiVersion: 'v1' },
  deployment: { kind: 'Deployment', apiVersion: 'apps/v1' },
};

/**
 * CATALOG.md 19 `k8s.apply_manifest`: multi-document YAML or JSON, empty documents skipped,
 * 1–`maxObjects` objects each with `kind` and `metadata.name`, only ConfigMap/Service/Deployment,
 * document namespace empty or equal to the target (then forced to it).
 */
export function parseManifest(
  text: string,
  maxObjects: number,
  namespace: string,
): Array<ManifestObject & { kind: AllowedKind }> {
  const objects: unknown[] = [];
  for (const document of parseAllDocuments(text)) {
    if (document.errors.length > 0) {
      throw new AppException(
        'invalid_argument',
        `invalid manifest: ${document.errors[0].message.split('\n')[0]}`,
      );
    }
    const value: unknown = document.toJS();
    if (value === null || value === undefined) {
      continue;
    }
    objects.push(...(Array.isArray(value) ? (value as unknown[]) : [value]));
  }
  if (objects.length === 0 || objects.length > maxObjects) {
    throw new AppException(
      'invalid_argument',
      `manifest must contain between 1 and ${maxObjects} objects (found ${objects.length})`,
    );
  }
  return objects.map((value, index) => checkObject(value, index, namespace));
}

function checkObject(
  value: unknown,
  index: number,
  namespace: string,
): ManifestObject & { kind: AllowedKind } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AppException('invalid_argument', `manifest object ${index + 1} is not an object`);
  }
  const object = value as Record<string, unknown>;
  const metadata = object['metadata'] as Record<string, unknown> | undefined;
  if (
    typeof object['kind'] !== 'string' ||
    object['kind'] === '' ||
    typeof metadata?.['name'] !== 'string' ||
    metadata['name'] === ''
  ) {
    throw new AppException(
      'invalid_argument',
      `manifest object ${index + 1} needs kind and metadata.name`,
    );
  }
  const allowed = ALLOWED[object['kind'].toLowerCase()];
  if (!allowed) {
    throw new AppException('policy_denied', `kind ${object['kind']} is not allowed`);
  }
  if (object['apiVersion'] !== undefined && object['apiVersion'] !== allowed.apiVersion) {
    throw new AppException(
      'invalid_argument',
      `apiVersion ${shown(object['apiVersion'])} does not match kind ${allowed.kind} (expected ${allowed.apiVersion})`,
    );
  }
  const documentNamespace = metadata['namespace'];
  if (
    documentNamespace !== undefined &&
    documentNamespace !== '' &&
    documentNamespace !== namespace
  ) {
    throw new AppException(
      'policy_denied',
      `manifest namespace ${shown(documentNamespace)} does not match target namespace`,
    );
  }
  return {
    ...object,
    apiVersion: allowed.apiVersion,
    kind: allowed.kind,
    metadata: { ...metadata, name: metadata['name'], namespace },
  };
}

/** A YAML scalar as written; anything else (a map, a list) as JSON rather than `[object Object]`. */
function shown(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
