/**
 * The last `maxBytes` UTF-8 bytes of `text` or fewer: the cut moves forward to the next character
 * boundary, so a multi-byte character is never split.
 */
export function utf8Tail(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) {
    return text;
  }
  if (maxBytes <= 0) {
    return '';
  }
  let start = bytes.length - maxBytes;
  // 0b10xxxxxx is a continuation byte: the character started earlier.
  while (start < bytes.length && (bytes[start] & 0xc0) === 0x80) {
    start += 1;
  }
  return bytes.subarray(start).toString('utf8');
}

/** The first `maxBytes` UTF-8 bytes of `text` or fewer, never splitting a multi-byte character. */
export function utf8Head(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) {
    return text;
  }
  let end = Math.max(0, maxBytes);
  // Back up to the lead byte of the character that would be split.
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) {
    end -= 1;
  }
  return bytes.subarray(0, end).toString('utf8');
}
