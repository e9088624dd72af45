import { createHash, timingSafeEqual } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '#app/config';
import type { Principal } from '#app/contracts';
import { AppException } from '#app/errors';
import type { AuthenticatedRequest } from './authenticated-request.js';

/**
 * API.md 4.1: in trusted_headers mode every `/v1/…` request carries the gateway's shared token and
 * the identity headers; the principal they name replaces anything in the body. Payload mode passes.
 */
@Injectable()
export class TrustedHeaderGuard implements CanActivate {
  private readonly expectedDigest: Buffer | null;

  constructor(private readonly config: AppConfig) {
    const token = config.auth.sharedToken;
    this.expectedDigest = token ? sha256(token) : null;
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest & AuthenticatedRequest>();
    if (this.config.auth.mode !== 'trusted_headers' || !request.url.startsWith('/v1/')) {
      return true;
    }
    request.principal = this.authenticate(request.headers);
    return true;
  }

  private authenticate(headers: FastifyRequest['headers']): Principal {
    const auth = this.config.auth;
    const token = single(headers[auth.tokenHeader]);
    // Digests have equal length, so the comparison time does not depend on the token's content.
    if (token === undefined || !this.expectedDigest || !timingSafeEqual(sha256(token), this.expectedDigest)) {
      throw new AppException('unauthorized', 'invalid authentication token');
    }
    const tenant = single(headers[auth.tenantHeader])?.trim() ?? '';
    const actor = single(headers[auth.actorHeader])?.trim() ?? '';
    if (tenant === '' || actor === '') {
      throw new AppException('unauthorized', 'authenticated principal headers are required');
    }
    const roles = (single(headers[auth.rolesHeader]) ?? '')
      .split(',')
      .map((role) => role.trim())
      .filter((role) => role !== '');
    return { tenant_id: tenant, actor_id: actor, roles: [...new Set(roles)] };
  }
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
