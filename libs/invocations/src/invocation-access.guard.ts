import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { type AuthenticatedRequest, callerPrincipal } from '#app/auth';
import { AppConfig } from '#app/config';
import type { Invocation } from '#app/contracts';
import { AppException } from '#app/errors';
import { SessionService } from '#app/sessions';
import { InvocationStore } from '#app/stores';
import { LostInvocations } from './lost-invocations.js';

export interface InvocationRequest extends AuthenticatedRequest {
  /** Set by `InvocationAccessGuard` once the caller may read it; absent: the guard did not run. */
  invocation?: Invocation;
}

/**
 * API.md 4.2 for `/v1/invocations/{id}/…`: the invocation must exist; in trusted mode its session
 * must still be live and belong to the caller.
 */
@Injectable()
export class InvocationAccessGuard implements CanActivate {
  constructor(
    private readonly store: InvocationStore,
    private readonly sessions: SessionService,
    private readonly config: AppConfig,
    private readonly lost: LostInvocations,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest & InvocationRequest>();
    const principal = callerPrincipal(this.config, request);
    const id = (request.params as Record<string, string>)['invocation_id'] ?? '';
    const invocation = await this.store.get(id);
    if (!invocation) {
      throw new AppException('not_found', 'invocation not found');
    }
    if (principal) {
      const session = await this.sessions.find(invocation.session_id);
      if (!session) {
        throw new AppException('not_found', 'session not found');
      }
      if (!this.sessions.isOwnedBy(session, principal)) {
        throw new AppException(
          'policy_denied',
          'session does not belong to authenticated principal',
        );
      }
    }
    // Read by the caller, a running record of a stopped replica is finished first (API.md 9.2).
    request.invocation = await this.lost.settle(invocation);
    return true;
  }
}
