import type { IncomingHttpHeaders } from 'node:http';
import { AppException } from '#app/errors';
import { isEventId } from '#app/stores';

/**
 * API.md 5.17: where a reconnecting client resumes: the `Last-Event-ID` header (what EventSource
 * sends), else `?last_event_id=` (for clients that cannot set headers); `null` = from the start.
 * Anything not of the form `<ms>-<seq>` is refused rather than guessed at.
 */
export function lastEventIdOf(headers: IncomingHttpHeaders, query: unknown): string | null {
  const header = headers['last-event-id'];
  const fromQuery =
    typeof query === 'object' && query !== null
      ? (query as Record<string, unknown>)['last_event_id']
      : undefined;
  const raw = typeof header === 'string' ? header : fromQuery;
  if (raw === undefined || raw === '') {
    return null;
  }
  if (typeof raw !== 'string' || !isEventId(raw.trim())) {
    throw new AppException('invalid_argument', 'invalid last event id: expected <ms>-<seq>');
  }
  return raw.trim();
}
