import { GO_MOD, GO_SUM } from '../testing/fixture-repositories.js';
import { ManifestFormatError } from './dependency.js';
import { compareSemver, parseGoModules } from './go-modules.parser.js';

const names = (list: Array<{ name: string; version: string }>): string[] =>
  list.map((d) => `${d.name}@${d.version}`);

describe('parseGoModules', () => {
  it('should take go.mod requires, indirect included, without the leading v', () => {
    expect(names(parseGoModules(GO_MOD, GO_SUM))).toEqual([
      'github.com/google/uuid@1.4.0',
      'golang.org/x/text@0.14.0',
      'github.com/pkg/errors@0.9.1',
    ]);
  });

  it('should fall back to the newest content hash per module of go.sum when go.mod requires nothing', () => {
    expect(names(parseGoModules('module x\n\ngo 1.21\n', GO_SUM))).toEqual([
      'github.com/google/uuid@1.4.0',
      'golang.org/x/text@0.14.0',
    ]);
    expect(names(parseGoModules(undefined, GO_SUM))).toHaveLength(2);
  });

  it('should throw a format error for an unterminated block or a bad go.sum line', () => {
    expect(() => parseGoModules('require (\n a v1.0.0\n', undefined)).toThrow(ManifestFormatError);
    expect(() => parseGoModules(undefined, 'only-one-field\n')).toThrow('line 1');
  });

  it('should order versions by semver precedence', () => {
    expect(compareSemver('1.10.0', '1.9.0')).toBe(1);
    expect(compareSemver('1.0.0-rc.1', '1.0.0')).toBe(-1);
    expect(compareSemver('2.0.0+incompatible', '2.0.0')).toBe(0);
  });
});
