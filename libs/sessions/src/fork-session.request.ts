import type { JsonObject, Session } from '#app/contracts';
import { AppException } from '#app/errors';
import { type BodyShape, checkBodyShape } from '#app/http';
import { normaliseAllowedPathEntry } from '#app/workspace';
import type { CreateSessionCommand } from './create-session.request.js';
import { SESSION_ID_PATTERN } from './session-id.js';

const FORK_SESSION_SHAPE: BodyShape = {
  session_id: 'string',
  ttl_seconds: 'integer',
  allowed_paths: 'array of strings',
  metadata: 'object of strings',
};

/**
 * API.md 5.16 field validation. The fork keeps the source's principal; `allowed_paths` may only
 * narrow the source's, and `metadata` may only add keys: an inherited key keeps its value (keys of
 * API.md 8.6 are allowlists where "absent or empty" allows everything, so changing one could widen).
 */
export function parseForkSession(body: JsonObject, source: Session): CreateSessionCommand {
  checkBodyShape(body, FORK_SESSION_SHAPE);
  const sessionId = typeof body['session_id'] === 'string' ? body['session_id'] : '';
  if (sessionId !== '' && !SESSION_ID_PATTERN.test(sessionId)) {
    throw new AppException(
      'invalid_argument',
      `session_id must match ${SESSION_ID_PATTERN.source}`,
    );
  }
  const ttl = body['ttl_seconds'] as number | null | undefined;
  const requested = body['allowed_paths'] as string[] | null | undefined;
  return {
    sessionId: sessionId === '' ? undefined : sessionId,
    allowedPaths:
      requested && requested.length > 0
        ? narrowAllowedPaths(requested, source.allowed_paths)
        : [...source.allowed_paths],
    principal: source.principal,
    metadata: mergeMetadata(
      source.metadata,
      (body['metadata'] as Record<string, string> | null | undefined) ?? {},
    ),
    expiresInSeconds: typeof ttl === 'number' && ttl > 0 ? ttl : 3600,
  };
}

function narrowAllowedPaths(entries: readonly string[], inherited: readonly string[]): string[] {
  if (entries.length > 256) {
    throw new AppException('invalid_argument', 'allowed_paths accepts at most 256 entries');
  }
  const narrowed = entries.map((entry) => {
    const normalised = normaliseAllowedPathEntry(entry);
    if (normalised === null) {
      throw new AppException(
        'invalid_argument',
        `invalid allowed_paths entry: ${JSON.stringify(entry)}`,
      );
    }
    if (!inherited.some((parent) => isWithinEntry(parent, normalised))) {
      throw new AppException(
        'invalid_argument',
        `allowed_paths entry ${JSON.stringify(entry)} is not inside the source session's allowed_paths`,
      );
    }
    return normalised;
  });
  return [...new Set(narrowed)];
}

/** Both normalised: `.` covers everything, otherwise whole segments must match. */
function isWithinEntry(parent: string, child: string): boolean {
  return parent === '.' || child === parent || child.startsWith(`${parent}/`);
}

function mergeMetadata(
  inherited: Readonly<Record<string, string>>,
  added: Readonly<Record<string, string>>,
): Record<string, string> {
  const merged: Record<string, string> = { ...inherited };
  for (const [key, value] of Object.entries(added)) {
    if (key === '') {
      throw new AppException('invalid_argument', 'metadata keys must be non-empty');
    }
    if (Object.hasOwn(inherited, key) && inherited[key] !== value) {
      throw new AppException(
        'invalid_argument',
        `metadata ${JSON.stringify(key)} is inherited from the source session and cannot be changed`,
      );
    }
    merged[key] = value;
  }
  return merged;
}
