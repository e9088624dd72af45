import type { JsonObject, JsonValue } from '#app/contracts';
import { AppException } from '#app/errors';
import { jsonNestingOf, MAX_BODY_NESTING } from './json-depth.js';
import type { RawBody } from './raw-body.js';

/**
 * API.md 1.2: the body must be exactly one JSON object, nested at most 64 levels below it. Runs inside the route (after lookup and
 * ownership), never in the parser, so error precedence follows API.md 4.3.
 */
export function parseJsonObjectBody(body: unknown): JsonObject {
  const raw = body as RawBody | undefined;
  if (raw?.kind === 'too_large') {
    // The rest of the body is not read: close the connection rather than drain it.
    throw new AppException('payload_too_large', 'request body exceeds 2 MiB limit', {
      headers: { Connection: 'close' },
    });
  }
  const text = raw?.kind === 'bytes' ? raw.bytes.toString('utf8') : '';
  if (text.trim() === '') {
    throw new AppException('invalid_argument', 'invalid request body: empty body');
  }
  // Before parsing: nothing downstream (parser, Ajv, policy, audit hash) ever walks a deeper body.
  if (jsonNestingOf(text) > MAX_BODY_NESTING) {
    throw new AppException(
      'invalid_argument',
      `invalid request body: nested deeper than ${MAX_BODY_NESTING} levels`,
    );
  }
  let parsed: JsonValue;
  try {
    parsed = JSON.parse(text) as JsonValue;
  } catch (error) {
    throw new AppException('invalid_argument', `invalid request body: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new AppException('invalid_argument', 'invalid request body: expected a JSON object');
  }
  return parsed;
}
