import { mayMatchReplacementCharacter, ripgrepPattern } from './ripgrep-pattern.js';

describe('ripgrepPattern', () => {
  it.each([
    ['hello', 'hello'],
    ['\\d+', '[0-9]+'],
    ['\\D', '[^0-9]'],
    ['\\w\\W', '[0-9A-Za-z_][^0-9A-Za-z_]'],
    ['\\s\\S', '[\\t\\n\\f\\r ][^\\t\\n\\f\\r ]'],
    ['[\\w-]', '[0-9A-Za-z_-]'],
    ['[^\\W]', '[^[^0-9A-Za-z_]]'],
    ['\\bfoo\\B', '(?-u:\\b)foo(?-u:\\B)'],
    ['\\Afoo\\z', '^foo$'],
    ['[]a]', '[\\]a]'],
    ['[^]a]', '[^\\]a]'],
    ['[a&&b~~c]', '[a\\&\\&b\\~\\~c]'],
    ['[[:alpha:][]', '[[:alpha:]\\[]'],
    ['path\\/to\\:x', 'path/to:x'],
    ['a\\.b\\-c', 'a\\.b\\-c'],
    ['\\x41\\x{1F600}', '\\x41\\x{1F600}'],
    ['(?i)hello', '(?i)hello'],
  ])('should rewrite %j as %j', (pattern, expected) => {
    expect(ripgrepPattern(pattern)).toBe(expected);
  });

  it.each([
    '\\pL',
    '\\P{Greek}',
    '\\Qa.b\\E',
    '\\C',
    '(?m)^a',
    '(?-m)^a',
    '[--/]',
    '(?i)é',
    '(?i)\\x41',
    '(?i)\\W',
    '[abc',
    'trailing\\',
  ])('should refuse %j (the walk answers alone)', (pattern) => {
    expect(ripgrepPattern(pattern)).toBeNull();
  });

  it('should say which patterns may match the U+FFFD of invalid bytes, erring towards yes', () => {
    for (const yes of [
      'a.b',
      '[^a]',
      '\\W',
      '\\S',
      '\\D',
      '\\x{FFFD}',
      'é',
      '^a',
      '[[:^alpha:]]',
    ]) {
      expect(mayMatchReplacementCharacter(yes)).toBe(true);
    }
    for (const no of ['hello', 'a\\d+', '\\w+_\\w+', '(?i)foo|bar', 'x\\s*=', '[a-z]+']) {
      expect(mayMatchReplacementCharacter(no)).toBe(false);
    }
  });
});
