import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { type AuthenticatedRequest, callerPrincipal } from '#app/auth';
import { AppConfig } from '#app/config';
import type { Session } from '#app/contracts';
import { AppException } from '#app/errors';
import { IDEMPOTENT_FOR_UNKNOWN_SESSION } from './idempotent-for-unknown-session.decorator.js';
import { SessionService } from './session.service.js';

/** API.md 8.3: a local session whose workspace is on another replica's disk. */
export const SESSION_WORKSPACE_ELSEWHERE = 'session workspace is not on this replica';

export interface SessionRequest extends AuthenticatedRequest {
  /**
   * Set by `SessionAccessGuard`: the live session the caller may use, or `null` on an
   * `@IdempotentForUnknownSession()` route whose id is unknown. Absent: the guard did not run.
   */
  session?: Session | null;
}

/**
 * API.md 4.3 step 4 for the routes under `/v1/sessions/{session_id}`: lookup (404, lazy expiry),
 * ownership (403, trusted mode), then placement (503 when another replica's disk holds the workspace). Which routes may see an unknown id is route metadata
 * (`@IdempotentForUnknownSession()`), not the request's method or URL.
 */
@Injectable()
export class SessionAccessGuard implements CanActivate {
  constructor(
    private readonly sessions: SessionService,
    private readonly config: AppConfig,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest & SessionRequest>();
    const principal = callerPrincipal(this.config, request);
    const id = (request.params as Record<string, string>)['session_id'] ?? '';
    const placed = await this.sessions.findPlaced(id);
    if (!placed) {
      if (!principal && this.acceptsUnknownSession(context)) {
        request.session = null;
        return true;
      }
      throw new AppException('not_found', 'session not found');
    }
    const { session } = placed;
    if (principal && !this.sessions.isOwnedBy(session, principal)) {
      throw new AppException('policy_denied', 'session does not belong to authenticated principal');
    }
    if (!placed.here) {
      // Local backend with one disk per replica: every session route, the idempotent DELETE
      // included, answers the same retryable 503 here; the replica that holds it serves it.
      throw new AppException('unavailable', SESSION_WORKSPACE_ELSEWHERE);
    }
    request.session = session;
    return true;
  }

  private acceptsUnknownSession(context: ExecutionContext): boolean {
    const marked = this.reflector.getAllAndOverride<boolean | undefined>(
      IDEMPOTENT_FOR_UNKNOWN_SESSION,
      [context.getHandler(), context.getClass()],
    );
    return marked === true;
  }
}
