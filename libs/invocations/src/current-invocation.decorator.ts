import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Invocation } from '#app/contracts';
import type { InvocationRequest } from './invocation-access.guard.js';

/**
 * Reads the invocation `InvocationAccessGuard` resolved. Throws (a plain `Error`: the caller sees a
 * generic `internal`, the log the reason) when the guard did not run, so a route that forgot the
 * guard fails closed instead of serving a record nobody checked.
 */
export function invocationOf(request: InvocationRequest): Invocation {
  if (request.invocation === undefined) {
    throw new Error(
      '@CurrentInvocation() on a route without InvocationAccessGuard: no invocation was resolved',
    );
  }
  return request.invocation;
}

/**
 * Injects the invocation record the caller may read (API.md 4.2).
 *
 * @example
 * read(@CurrentInvocation() invocation: Invocation) { ... }
 */
export const CurrentInvocation = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Invocation =>
    invocationOf(context.switchToHttp().getRequest<InvocationRequest>()),
);
