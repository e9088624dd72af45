import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';

import { dependency } from '../inventory/dependency.js';
import { buildCycloneDxBom } from './cyclonedx-bom.js';
import { packageUrl } from './package-url.js';

// The library's own JsonValidator needs the optional `ajv-formats-draft2019`, which is not installed;
// the same official 1.5 schema (shipped in the library's `res/schema`) is compiled here with Ajv.
function cycloneDxValidator(): (document: unknown) => string[] {
  const require = createRequire(import.meta.url);
  const resources = join(
    dirname(require.resolve('@cyclonedx/cyclonedx-library/package.json')),
    'res/schema',
  );
  const load = (name: string): object =>
    JSON.parse(readFileSync(join(resources, name), 'utf8')) as object;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addFormat('idn-email', true);
  ajv.addFormat('iri-reference', true);
  ajv.addSchema(
    load('spdx.SNAPSHOT.schema.json'),
    'http://cyclonedx.org/schema/spdx.SNAPSHOT.schema.json',
  );
  ajv.addSchema(
    load('jsf-0.82.SNAPSHOT.schema.json'),
    'http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json',
  );
  const validate = ajv.compile(load('bom-1.5.SNAPSHOT.schema.json'));
  return (document) =>
    validate(document)
      ? []
      : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

const DEPENDENCIES = [
  dependency('cargo', 'serde', '1.0.193'),
  dependency('go', 'github.com/google/uuid', '1.4.0'),
  dependency('maven', 'org.slf4j:slf4j-api', '2.0.9'),
  dependency('npm', '@scope/util', '2.1.0', 'MIT'),
  dependency('pypi', 'Django', '4.2.7'),
];

describe('buildCycloneDxBom', () => {
  it('should produce the catalog document, valid against the CycloneDX 1.5 JSON schema', () => {
    const document = buildCycloneDxBom(DEPENDENCIES, new Date('2030-01-02T03:04:05.000Z'));
    expect(cycloneDxValidator()(document)).toEqual([]);
    expect(document).toMatchObject({
      bomFormat: 'CycloneDX',
      specVersion: '1.5',
      version: 1,
      metadata: {
        timestamp: '2030-01-02T03:04:05.000Z',
        tools: [{ vendor: 'workspace', name: 'workspace.sbom.generate', version: 'v1' }],
        component: { type: 'application', name: 'workspace-repo' },
      },
    });
    expect(document['serialNumber']).toBeUndefined();
    expect(document['dependencies']).toBeUndefined();
    expect((document['metadata'] as { component: object }).component).toEqual({
      type: 'application',
      name: 'workspace-repo',
    });
    expect(document['components']).toEqual([
      {
        type: 'library',
        'bom-ref': 'pkg:cargo/serde@1.0.193',
        name: 'serde',
        version: '1.0.193',
        purl: 'pkg:cargo/serde@1.0.193',
      },
      expect.objectContaining({ purl: 'pkg:golang/github.com/google/uuid@v1.4.0' }),
      expect.objectContaining({ purl: 'pkg:maven/org.slf4j/slf4j-api@2.0.9' }),
      expect.objectContaining({ name: '@scope/util', purl: 'pkg:npm/%40scope/util@2.1.0' }),
      expect.objectContaining({ purl: 'pkg:pypi/django@4.2.7' }),
    ]);
  });

  it('should be a valid document when there are no components, and the validator should catch a broken one', () => {
    expect(cycloneDxValidator()(buildCycloneDxBom([], new Date()))).toEqual([]);
    const broken = {
      ...buildCycloneDxBom([], new Date()),
      components: [{ type: 'nonsense', name: 'x' }],
    };
    expect(cycloneDxValidator()(broken).length).toBeGreaterThan(0);
  });
});

describe('packageUrl', () => {
  it('should fall back to pkg:generic for unknown ecosystems and maven names without a group', () => {
    expect(packageUrl(dependency('conda', 'numpy', '1.0'))).toBe('pkg:generic/numpy@1.0');
    expect(packageUrl(dependency('maven', 'lonely', '1.0'))).toBe('pkg:generic/lonely@1.0');
  });
});
