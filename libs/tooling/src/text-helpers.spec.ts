import { langOutputArtifactName } from './lang-output.js';
import { extractDiagnostics, parseCoveragePercent, truncateText } from './text-helpers.js';

describe('text helpers', () => {
  it('should keep only trimmed diagnostic lines up to max when some lines match', () => {
    const text = 'ok line\n  main.go:3: undefined: x \nWARNING: old\nTest FAILed\nerror one\n';
    expect(extractDiagnostics(text, 3)).toEqual([
      'main.go:3: undefined: x',
      'WARNING: old',
      'Test FAILed',
    ]);
  });

  it('should fall back to the first non-empty lines when nothing matches', () => {
    expect(extractDiagnostics('\n a \n\nb\nc\n', 2)).toEqual(['a', 'b']);
  });

  it('should take the last go total before any coverage line when both are printed', () => {
    const text =
      'coverage: 10.0% of statements\ntotal:\t(statements)\t55.5%\ncoverage: 99%\ntotal: (statements) 66.7%';
    expect(parseCoveragePercent(text)).toBe(66.7);
    expect(parseCoveragePercent('ok pkg coverage: 12.5% of statements\ncoverage: 80%')).toBe(80);
    expect(parseCoveragePercent('no numbers')).toBeUndefined();
  });

  it('should cut text at the limit and say so when it is longer', () => {
    expect(truncateText('abcdef', 3)).toEqual({ text: 'abc', truncated: true });
    expect(truncateText('ab', 3)).toEqual({ text: 'ab', truncated: false });
  });

  it('should name language tool artifacts <family>-<verb>-output.txt', () => {
    expect(langOutputArtifactName('go.mod.tidy')).toBe('go-mod-tidy-output.txt');
    expect(langOutputArtifactName('go.build')).toBe('go-build-output.txt');
  });
});
