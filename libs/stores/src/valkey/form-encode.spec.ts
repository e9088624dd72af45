import { formEncode } from './form-encode.js';

describe('formEncode', () => {
  it('should keep unreserved characters when encoding', () => {
    expect(formEncode('Session-1_a.b~Z9')).toBe('Session-1_a.b~Z9');
  });

  it('should percent-encode reserved bytes in uppercase and a space as plus when encoding', () => {
    expect(formEncode('acme:alice smith/x%')).toBe('acme%3Aalice+smith%2Fx%25');
  });

  it('should encode every UTF-8 byte of a non-ASCII character when encoding', () => {
    expect(formEncode('é*')).toBe('%C3%A9%2A');
  });
});
