import { PIPFILE_LOCK } from '../testing/fixture-repositories.js';
import { ManifestFormatError } from './dependency.js';
import { parsePipfileLock } from './pipfile-lock.parser.js';

describe('parsePipfileLock', () => {
  it('should read pinned default and develop entries and skip path entries', () => {
    expect(parsePipfileLock(PIPFILE_LOCK).map((d) => `${d.name}@${d.version}`)).toEqual([
      'requests@2.31.0',
      'pytest@7.4.3',
    ]);
  });

  it('should throw when the document is not an object', () => {
    expect(() => parsePipfileLock('"x"')).toThrow(ManifestFormatError);
  });
});
