import type { JsonObject } from '#app/contracts';
import { AppException } from '#app/errors';
import { type BodyShape, checkBodyShape, parseJsonObjectBody, type RawBody } from '#app/http';

const RENEW_SESSION_SHAPE: BodyShape = { ttl_seconds: 'integer' };

/**
 * API.md 5.15 body: optional, `{}` when empty; `ttl_seconds` absent = the session's original TTL.
 * Returns the requested TTL or `undefined`.
 */
export function parseRenewSession(body: unknown): number | undefined {
  const raw = body as RawBody | undefined;
  const empty =
    raw === undefined || (raw.kind === 'bytes' && raw.bytes.toString('utf8').trim() === '');
  const object: JsonObject = empty ? {} : parseJsonObjectBody(body);
  checkBodyShape(object, RENEW_SESSION_SHAPE);
  const ttl = object['ttl_seconds'] as number | null | undefined;
  if (ttl === null || ttl === undefined) {
    return undefined;
  }
  if (ttl < 1) {
    throw new AppException('invalid_argument', 'ttl_seconds must be at least 1');
  }
  return ttl;
}
