import { POETRY_LOCK } from '../testing/fixture-repositories.js';
import { ManifestFormatError } from './dependency.js';
import { parsePoetryLock } from './poetry-lock.parser.js';

describe('parsePoetryLock', () => {
  it('should list every package table', () => {
    expect(
      parsePoetryLock(POETRY_LOCK).map((d) => `${d.ecosystem}:${d.name}@${d.version}`),
    ).toEqual(['pypi:requests@2.31.0', 'pypi:certifi@2023.7.22']);
  });

  it('should throw on invalid TOML or a package key that is not an array', () => {
    expect(() => parsePoetryLock('[[package]\nname = ')).toThrow();
    expect(() => parsePoetryLock('package = "x"\n')).toThrow(ManifestFormatError);
  });
});
