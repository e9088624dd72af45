import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppException } from '#app/errors';
import { SERVED_WHILE_DRAINING } from './served-while-draining.decorator.js';
import { ServiceState } from './service-state.js';

/**
 * API.md 12.3: while draining, new requests get 503 and the connection is closed, except on routes
 * marked `@ServedWhileDraining()` (decided by the serving route, not by the URL's spelling).
 */
@Injectable()
export class DrainingGuard implements CanActivate {
  constructor(
    private readonly state: ServiceState,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (!this.state.draining) {
      return true;
    }
    const served = this.reflector.getAllAndOverride<boolean | undefined>(SERVED_WHILE_DRAINING, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (served !== true) {
      throw new AppException('unavailable', 'service is shutting down', {
        headers: { Connection: 'close' },
      });
    }
    return true;
  }
}
