import { YARN_LOCK_BERRY, YARN_LOCK_V1 } from '../testing/fixture-repositories.js';
import { ManifestFormatError } from './dependency.js';
import { parseYarnLock } from './yarn-lock.parser.js';

describe('parseYarnLock', () => {
  it('should read classic v1 entries with scoped names', () => {
    expect(parseYarnLock(YARN_LOCK_V1)).toEqual([
      { ecosystem: 'npm', name: '@babel/code-frame', version: '7.12.13', license: 'unknown' },
      { ecosystem: 'npm', name: 'lodash', version: '4.17.21', license: 'unknown' },
    ]);
  });

  it('should read berry resolutions and skip the workspace itself', () => {
    expect(parseYarnLock(YARN_LOCK_BERRY).map((d) => `${d.name}@${d.version}`)).toEqual([
      'lodash@4.17.21',
      '@types/node@20.10.0',
    ]);
  });

  it('should throw a format error on a line that is neither an entry header nor indented', () => {
    expect(() => parseYarnLock('lodash@^4:\n  version "4.17.21"\ngarbage here\n')).toThrow(
      ManifestFormatError,
    );
  });
});
