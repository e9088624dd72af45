import { AppException } from '#app/errors';

// Standard alphabet, padded, no whitespace: Buffer.from(…, 'base64') would silently skip junk.
const STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Decodes a payload given as `utf8` (also `utf-8`) or `base64` text.
 *
 * @throws AppException `invalid_argument` `invalid base64 <what>`
 */
export function decodePayload(text: string, encoding: string, what = 'payload'): Buffer {
  if (encoding !== 'base64') {
    return Buffer.from(text, 'utf8');
  }
  if (!STANDARD_BASE64.test(text)) {
    throw new AppException('invalid_argument', `invalid base64 ${what}`);
  }
  return Buffer.from(text, 'base64');
}

/**
 * @throws AppException `invalid_argument` `<what> exceeds max_bytes (<limit>)`
 */
export function assertPayloadSize(
  data: Buffer,
  limit: number,
  what = 'payload',
  limitName = 'max_bytes',
): void {
  if (data.length > limit) {
    throw new AppException('invalid_argument', `${what} exceeds ${limitName} (${limit})`);
  }
}

/** A shared byte budget across messages (CATALOG.md 11, 13): cuts what does not fit. */
export class ByteBudget {
  private used = 0;
  private cut = false;

  constructor(private readonly limit: number) {}

  /** The part of `data` that fits, or `undefined` when nothing is left (the item is dropped). */
  take(data: Buffer): { data: Buffer; trimmed: boolean } | undefined {
    const left = this.limit - this.used;
    if (left <= 0) {
      this.cut = true;
      return undefined;
    }
    const kept = data.length > left ? data.subarray(0, left) : data;
    this.used += kept.length;
    if (kept.length < data.length) {
      this.cut = true;
    }
    return { data: kept, trimmed: kept.length < data.length };
  }

  /** Bytes handed out so far. */
  get usedBytes(): number {
    return this.used;
  }

  /** True once any item was cut or dropped. */
  get truncated(): boolean {
    return this.cut;
  }

  get exhausted(): boolean {
    return this.used >= this.limit;
  }
}
