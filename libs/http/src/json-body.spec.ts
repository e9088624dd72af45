import { AppException } from '#app/errors';
import { parseJsonObjectBody } from './json-body.js';

function messageOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof AppException) {
      expect(error.code).toBe('invalid_argument');
      return error.message;
    }
    throw error;
  }
  return 'accepted';
}

describe('parseJsonObjectBody (API.md 1.2)', () => {
  const bytes = (text: string): unknown => ({ kind: 'bytes', bytes: Buffer.from(text) });

  it.each(['', '   \n', '{"a":', '{"a":1} {}', '{"a":1}x', '[]', '"text"', '42', 'null', '\u00ff'])(
    'should refuse %j as an invalid request body',
    (text) => {
      expect(messageOf(() => parseJsonObjectBody(bytes(text)))).toMatch(/^invalid request body/);
    },
  );

  it('should refuse a missing body as empty', () => {
    expect(messageOf(() => parseJsonObjectBody(undefined))).toMatch(/^invalid request body/);
  });

  it('should accept one object surrounded by whitespace', () => {
    expect(parseJsonObjectBody(bytes('\n  {"a":[1]}  \n'))).toEqual({ a: [1] });
  });

  it('should answer 413 for a recorded oversized body', () => {
    try {
      parseJsonObjectBody({ kind: 'too_large' });
      throw new Error('expected a refusal');
    } catch (error) {
      expect((error as AppException).toBody()).toEqual({
        code: 'payload_too_large',
        message: 'request body exceeds 2 MiB limit',
        retryable: false,
      });
    }
  });
});
