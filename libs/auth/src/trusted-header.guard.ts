import { hash, timingSafeEqual } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '#app/config';
import type { Principal } from '#app/contracts';
import { AppException } from '#app/errors';
import type { AuthenticatedRequest } from './authenticated-request.js';
import { PUBLIC_ROUTE } from './public-route.decorator.js';

/**
 * API.md 4.1: in trusted_headers mode every request that reaches a handler carries the gateway's
 * shared token and the identity headers, unless the serving route is marked `@Public()`; the
 * principal they name replaces anything in the body. Payload mode passes.
 *
 * The decision is taken from the metadata of the route Fastify matched, never from `request.url`:
 * the router percent-decodes the path, so a string test on the raw URL (`/%761/sessions`) can be
 * made to disagree with the route that actually serves the request.
 */
@Injectable()
export class TrustedHeaderGuard implements CanActivate {
  private readonly expectedDigest: Buffer | null;
  // Route metadata is fixed once the application is built, so the `@Public()` decision is read once
  // per (handler, controller) pair instead of on every request. Keyed by both: a subclass can
  // inherit a handler function from a controller marked differently.
  private readonly publicRoutes = new WeakMap<object, WeakMap<object, boolean>>();

  constructor(
    private readonly config: AppConfig,
    private readonly reflector: Reflector,
  ) {
    const token = config.auth.sharedToken;
    this.expectedDigest = token ? sha256(token) : null;
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.config.auth.mode !== 'trusted_headers') {
      return true;
    }
    // Deny by default: only an explicit marker on the serving handler or its controller opts out.
    if (this.isPublic(context.getHandler(), context.getClass())) {
      return true;
    }
    const request = context.switchToHttp().getRequest<FastifyRequest & AuthenticatedRequest>();
    request.principal = this.authenticate(request.headers);
    return true;
  }

  private isPublic(handler: object, controller: object): boolean {
    let byController = this.publicRoutes.get(handler);
    let marked = byController?.get(controller);
    if (marked === undefined) {
      const metadata = this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_ROUTE, [
        handler as () => unknown,
        controller as new () => unknown,
      ]);
      marked = metadata === true;
      byController ??= new WeakMap();
      byController.set(controller, marked);
      this.publicRoutes.set(handler, byController);
    }
    return marked;
  }

  private authenticate(headers: FastifyRequest['headers']): Principal {
    const auth = this.config.auth;
    const token = single(headers[auth.tokenHeader]);
    // Digests have equal length, so the comparison time does not depend on the token's content.
    if (
      token === undefined ||
      !this.expectedDigest ||
      !timingSafeEqual(sha256(token), this.expectedDigest)
    ) {
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

// One-shot `hash` (a string is hashed as UTF-8): the digest createHash().update().digest() gives,
// without building a Hash object on every request.
function sha256(value: string): Buffer {
  return hash('sha256', value, 'buffer');
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
