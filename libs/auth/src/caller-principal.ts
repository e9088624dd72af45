import type { AppConfig } from '#app/config';
import type { Principal } from '#app/contracts';
import { AppException } from '#app/errors';
import type { AuthenticatedRequest } from './authenticated-request.js';

/**
 * The principal that ownership and session creation must use: the authenticated one in
 * `trusted_headers` mode, `null` in payload mode. A trusted-mode request without one means the
 * route was not authenticated (a mis-marked route, a future bypass): refuse with 401 rather than
 * fall back to "no ownership check" or to the principal in the body.
 */
export function callerPrincipal(
  config: AppConfig,
  request: AuthenticatedRequest,
): Principal | null {
  if (config.auth.mode !== 'trusted_headers') {
    return null;
  }
  if (!request.principal) {
    throw new AppException('unauthorized', 'invalid authentication token');
  }
  return request.principal;
}
