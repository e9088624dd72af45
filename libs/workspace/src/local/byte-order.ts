/**
 * Compares two strings by the byte order of their UTF-8 encodings without encoding them. UTF-16
 * code-unit order differs from UTF-8 byte order only when a surrogate meets a unit in
 * U+E000–U+FFFF, which is handled by comparing code points.
 */
export function compareByteOrder(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const left = a.charCodeAt(index);
    const right = b.charCodeAt(index);
    if (left !== right) {
      return codePointRank(left) - codePointRank(right);
    }
  }
  return a.length - b.length;
}

// Surrogates (U+D800–U+DFFF) stand for code points above U+FFFF, so they rank after U+E000–U+FFFF.
function codePointRank(unit: number): number {
  return unit >= 0xd800 && unit <= 0xdfff ? unit + 0x10000 : unit;
}
