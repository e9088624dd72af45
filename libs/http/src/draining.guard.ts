import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppException } from '#app/errors';
import { ServiceState } from './service-state.js';

const ALWAYS_SERVED = new Set(['/healthz', '/livez', '/readyz']);

/** API.md 12.3: while draining, new requests get 503 and the connection is closed. */
@Injectable()
export class DrainingGuard implements CanActivate {
  constructor(private readonly state: ServiceState) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const path = request.url.split('?')[0] ?? '';
    if (this.state.draining && !ALWAYS_SERVED.has(path)) {
      throw new AppException('unavailable', 'service is shutting down', { headers: { Connection: 'close' } });
    }
    return true;
  }
}
