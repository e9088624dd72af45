import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { type AuthenticatedRequest, callerPrincipal } from '#app/auth';
import { AppConfig } from '#app/config';
import type { Session } from '#app/contracts';
import { AppException } from '#app/errors';
import { SessionService } from './session.service.js';

export interface SessionRequest extends AuthenticatedRequest {
  session?: Session;
}

/**
 * API.md 4.3 step 4 for `/v1/sessions/{session_id}/…`: lookup (404, lazy expiry) then ownership
 * (403, trusted mode). A payload-mode DELETE of an unknown id passes: closing is idempotent.
 */
@Injectable()
export class SessionAccessGuard implements CanActivate {
  constructor(
    private readonly sessions: SessionService,
    private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest & SessionRequest>();
    const principal = callerPrincipal(this.config, request);
    const id = (request.params as Record<string, string>)['session_id'] ?? '';
    const session = await this.sessions.find(id);
    if (!session) {
      if (request.method === 'DELETE' && !principal) {
        return true;
      }
      throw new AppException('not_found', 'session not found');
    }
    if (principal && !this.sessions.isOwnedBy(session, principal)) {
      throw new AppException('policy_denied', 'session does not belong to authenticated principal');
    }
    request.session = session;
    return true;
  }
}
