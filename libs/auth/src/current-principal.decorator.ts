import {
  createParamDecorator,
  type ExecutionContext,
  Injectable,
  type PipeTransform,
} from '@nestjs/common';
import { AppConfig } from '#app/config';
import type { Principal } from '#app/contracts';
import type { AuthenticatedRequest } from './authenticated-request.js';
import { callerPrincipal } from './caller-principal.js';

/** Resolves the request into the caller's principal; needs `AppConfig`, hence a pipe and not the factory. */
@Injectable()
export class CallerPrincipalPipe implements PipeTransform<AuthenticatedRequest, Principal | null> {
  constructor(private readonly config: AppConfig) {}

  transform(request: AuthenticatedRequest): Principal | null {
    return callerPrincipal(this.config, request);
  }
}

const authenticatedRequest = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedRequest =>
    context.switchToHttp().getRequest<AuthenticatedRequest>(),
);

/**
 * Injects the principal that ownership and session creation must use (`Principal | null`): the
 * one `TrustedHeaderGuard` authenticated in `trusted_headers` mode, `null` in payload mode. Fails
 * closed like {@link callerPrincipal}: a trusted-mode request the guard did not authenticate (a
 * `@Public()` route asking for a principal) is refused with 401, never served as "no owner".
 *
 * @example
 * create(@CurrentPrincipal() principal: Principal | null) { ... }
 */
export const CurrentPrincipal = (): ParameterDecorator => authenticatedRequest(CallerPrincipalPipe);
