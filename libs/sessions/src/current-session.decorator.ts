import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Session } from '#app/contracts';
import type { SessionRequest } from './session-access.guard.js';

export interface CurrentSessionOptions {
  /**
   * Accept `null` for an unknown id on an `@IdempotentForUnknownSession()` route. Default `false`:
   * the handler always receives a `Session`.
   */
  nullable?: boolean;
}

/**
 * Reads what `SessionAccessGuard` resolved for this request. Throws (a plain `Error`, so the caller
 * sees a generic `internal` and the log the reason) when the guard did not run, so a route that
 * forgot `@UseGuards(SessionAccessGuard)` fails closed instead of serving an unchecked session.
 */
export function sessionOf(
  request: SessionRequest,
  options: CurrentSessionOptions = {},
): Session | null {
  if (request.session === undefined) {
    throw new Error(
      '@CurrentSession() on a route without SessionAccessGuard: no session was resolved',
    );
  }
  if (request.session === null && options.nullable !== true) {
    throw new Error(
      '@CurrentSession() got no session: mark the route @IdempotentForUnknownSession() only with { nullable: true }',
    );
  }
  return request.session;
}

/**
 * Injects the session `SessionAccessGuard` looked up and checked for ownership (API.md 4.3).
 *
 * @example
 * read(@CurrentSession() session: Session) { ... }
 * close(@CurrentSession({ nullable: true }) session: Session | null) { ... }
 */
export const CurrentSession = createParamDecorator(
  (options: CurrentSessionOptions | undefined, context: ExecutionContext): Session | null =>
    sessionOf(context.switchToHttp().getRequest<SessionRequest>(), options),
);
