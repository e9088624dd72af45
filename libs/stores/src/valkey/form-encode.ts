const UNRESERVED = /^[A-Za-z0-9\-_.~]$/;

/**
 * The key-part encoding of API.md 9.2: UTF-8 bytes other than `A–Z a–z 0–9 - _ . ~` become `%XX`
 * (uppercase), a space becomes `+`. Ids can then hold `:` or spaces without colliding with the
 * `:`-separated key layout.
 */
export function formEncode(value: string): string {
  let encoded = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const char = String.fromCharCode(byte);
    if (byte < 0x80 && UNRESERVED.test(char)) {
      encoded += char;
    } else if (byte === 0x20) {
      encoded += '+';
    } else {
      encoded += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
  }
  return encoded;
}
