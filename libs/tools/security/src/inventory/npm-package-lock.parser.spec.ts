import { NPM_PACKAGE_LOCK_V1, NPM_PACKAGE_LOCK_V3 } from '../testing/fixture-repositories.js';
import { ManifestFormatError } from './dependency.js';
import { licenseOf, parseNpmPackageLock } from './npm-package-lock.parser.js';

describe('parseNpmPackageLock', () => {
  it('should list v2/v3 packages with their recorded licenses and skip links and workspace folders', () => {
    expect(parseNpmPackageLock(NPM_PACKAGE_LOCK_V3)).toEqual([
      { ecosystem: 'npm', name: 'lodash', version: '4.17.21', license: 'MIT' },
      { ecosystem: 'npm', name: '@scope/util', version: '2.1.0', license: 'GPL-3.0-only' },
      { ecosystem: 'npm', name: 'left-pad', version: '1.3.0', license: 'WTFPL' },
      { ecosystem: 'npm', name: 'no-license', version: '0.1.0', license: 'unknown' },
    ]);
  });

  it('should walk the nested v1 dependency tree and skip file: versions', () => {
    expect(parseNpmPackageLock(NPM_PACKAGE_LOCK_V1).map((d) => `${d.name}@${d.version}`)).toEqual([
      'express@4.17.1',
      'debug@2.6.9',
    ]);
  });

  it('should throw a format error when the document is not a lockfile', () => {
    expect(() => parseNpmPackageLock('[]')).toThrow(ManifestFormatError);
    expect(() => parseNpmPackageLock('{"name":"x"}')).toThrow('missing lockfileVersion');
    expect(() => parseNpmPackageLock('{"lockfileVersion": 3,')).toThrow(SyntaxError);
  });

  it('should read legacy license shapes when the manifest predates the license string', () => {
    expect(licenseOf({ license: { type: 'ISC' } })).toBe('ISC');
    expect(licenseOf({ licenses: [{ type: 'MIT' }, { type: 'Apache-2.0' }] })).toBe(
      '(MIT OR Apache-2.0)',
    );
    expect(licenseOf({})).toBeUndefined();
  });
});
