import { utf8Head, utf8Tail } from './utf8-cut.js';

describe('utf8Tail', () => {
  it('should return short text unchanged', () => {
    expect(utf8Tail('abc', 3)).toBe('abc');
  });

  it('should keep the last bytes of ASCII text', () => {
    expect(utf8Tail('abcdef', 2)).toBe('ef');
  });

  it.each([
    // 'é' is 2 bytes, '€' 3, '😀' 4 (a surrogate pair in JavaScript).
    ['é', 2],
    ['€', 3],
    ['😀', 4],
  ])('should never split %s: the cut moves to the next character boundary', (character, width) => {
    const text = character.repeat(10);
    for (let maxBytes = 0; maxBytes <= width * 10; maxBytes += 1) {
      const tail = utf8Tail(text, maxBytes);
      expect(tail).toBe(character.repeat(Math.floor(maxBytes / width)));
      expect(tail).not.toContain('\uFFFD');
    }
  });
});

describe('utf8Head', () => {
  it('should return short text unchanged and keep the first bytes of ASCII text', () => {
    expect(utf8Head('abc', 3)).toBe('abc');
    expect(utf8Head('abcdef', 2)).toBe('ab');
  });

  it.each([
    ['é', 2],
    ['€', 3],
    ['😀', 4],
  ])(
    'should never split %s: the cut moves back to the previous character boundary',
    (character, width) => {
      const text = character.repeat(10);
      for (let maxBytes = 0; maxBytes <= width * 10; maxBytes += 1) {
        const head = utf8Head(text, maxBytes);
        expect(head).toBe(character.repeat(Math.floor(maxBytes / width)));
        expect(head).not.toContain('\uFFFD');
      }
    },
  );
});
