import { AppException } from '#app/errors';
import type { RawBody } from '#app/http';
import { parseRenewSession } from './renew-session.request.js';

const bytes = (text: string): RawBody => ({ kind: 'bytes', bytes: Buffer.from(text) });

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof AppException && error.code === 'invalid_argument') {
      return error.message;
    }
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('parseRenewSession (API.md 5.15)', () => {
  it('should read no TTL from a missing, empty or {} body, and from ttl_seconds null', () => {
    expect(parseRenewSession(undefined)).toBeUndefined();
    expect(parseRenewSession(bytes(''))).toBeUndefined();
    expect(parseRenewSession(bytes('  \n'))).toBeUndefined();
    expect(parseRenewSession(bytes('{}'))).toBeUndefined();
    expect(parseRenewSession(bytes('{"ttl_seconds":null}'))).toBeUndefined();
  });

  it('should read a positive ttl_seconds', () => {
    expect(parseRenewSession(bytes('{"ttl_seconds":120}'))).toBe(120);
  });

  it('should refuse a TTL below 1, a non-integer, unknown fields and a non-object body', () => {
    expect(messageOf(() => parseRenewSession(bytes('{"ttl_seconds":0}')))).toBe(
      'ttl_seconds must be at least 1',
    );
    expect(messageOf(() => parseRenewSession(bytes('{"ttl_seconds":-5}')))).toBe(
      'ttl_seconds must be at least 1',
    );
    expect(messageOf(() => parseRenewSession(bytes('{"ttl_seconds":1.5}')))).toMatch(/ttl_seconds/);
    expect(messageOf(() => parseRenewSession(bytes('{"ttl_seconds":"60"}')))).toMatch(
      /ttl_seconds/,
    );
    expect(messageOf(() => parseRenewSession(bytes('{"ttl":60}')))).toMatch(/ttl/);
    expect(messageOf(() => parseRenewSession(bytes('[1]')))).toBe(
      'invalid request body: expected a JSON object',
    );
  });
});
