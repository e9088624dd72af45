import { PNPM_LOCK_V5, PNPM_LOCK_V6, PNPM_LOCK_V9 } from '../testing/fixture-repositories.js';
import { ManifestFormatError } from './dependency.js';
import { parsePnpmLock } from './pnpm-lock.parser.js';

const names = (text: string): string[] => parsePnpmLock(text).map((d) => `${d.name}@${d.version}`);

describe('parsePnpmLock', () => {
  it('should read v9 package keys', () => {
    expect(names(PNPM_LOCK_V9)).toEqual(['react@18.2.0', 'react-dom@18.2.0', '@babel/core@7.23.0']);
  });

  it('should strip v6 peer suffixes and keep versions as strings', () => {
    expect(names(PNPM_LOCK_V6)).toEqual(['react-dom@18.2.0', '@babel/core@7.10']);
  });

  it('should read the v5 slash form with underscore peer suffixes', () => {
    expect(names(PNPM_LOCK_V5)).toEqual(['react-dom@18.2.0', '@babel/core@7.23.0']);
  });

  it('should throw a format error when packages is not a mapping', () => {
    expect(() => parsePnpmLock("lockfileVersion: '9.0'\npackages: [1, 2]\n")).toThrow(
      ManifestFormatError,
    );
    expect(() => parsePnpmLock('- a\n- b\n')).toThrow(ManifestFormatError);
  });
});
