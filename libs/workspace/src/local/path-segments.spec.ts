import { sanitisePathSegment } from './path-segments.js';

describe('sanitisePathSegment', () => {
  it.each([
    ['acme', 'acme'],
    ['Acme_Corp-1.0', 'Acme_Corp-1.0'],
    ['acme/../etc', 'acme-..-etc'],
    ['a b\tc', 'a-b-c'],
    ['..hidden', 'hidden'],
    ['...', 'unknown'],
    ['', 'unknown'],
    ['.', 'unknown'],
    ['tenant@example.com', 'tenant-example.com'],
    ['é', '-'],
    ['😀x', '-x'],
  ])('should map %j to %j when sanitising a tenant', (input, expected) => {
    expect(sanitisePathSegment(input)).toBe(expected);
  });

  it('should cut the segment to 64 characters when the tenant is longer', () => {
    expect(sanitisePathSegment('a'.repeat(100))).toBe('a'.repeat(64));
  });

  it('should remove leading dots before truncating when the tenant starts with dots', () => {
    expect(sanitisePathSegment(`..${'b'.repeat(70)}`)).toBe('b'.repeat(64));
  });
});
