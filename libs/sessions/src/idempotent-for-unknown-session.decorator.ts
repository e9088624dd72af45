import { type CustomDecorator, SetMetadata } from '@nestjs/common';

export const IDEMPOTENT_FOR_UNKNOWN_SESSION = 'workspace:idempotent-for-unknown-session';

/**
 * Marks a session route that answers an unknown id itself instead of 404 (API.md 5.8: closing is
 * idempotent). Payload mode only: with an authenticated principal an unknown id is still 404, so
 * the route never tells one caller about another's sessions. The handler then receives
 * `@CurrentSession({ nullable: true })` as `null`.
 */
export const IdempotentForUnknownSession = (): CustomDecorator<string> =>
  SetMetadata(IDEMPOTENT_FOR_UNKNOWN_SESSION, true);
