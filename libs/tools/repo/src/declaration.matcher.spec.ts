import { isDeclaration } from './declaration.matcher.js';

describe('isDeclaration', () => {
  it.each([
    'func Parse(x int) error {',
    'func (s *Server) Parse() {',
    'type Parse struct {',
    '  const Parse = 1;',
    'let Parse = 2',
    'def Parse(self):',
    'class Parse:',
    'fn Parse() -> u8 {',
    'interface Parse {',
    'Parse := value',
  ])('should mark %j as a declaration of Parse', (line) => {
    expect(isDeclaration(line, 'Parse', true)).toBe(true);
  });

  it.each(['x := Parse(1)', 'func ParseAll() {', 'return Parse(x)', 'class parse:'])(
    'should not mark %j as a declaration of Parse',
    (line) => {
      expect(isDeclaration(line, 'Parse', true)).toBe(false);
    },
  );

  it('should ignore case when matching case-insensitively', () => {
    expect(isDeclaration('class parse:', 'Parse', false)).toBe(true);
  });
});
