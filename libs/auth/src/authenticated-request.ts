import type { Principal } from '#app/contracts';

/** Set by the auth guard in trusted_headers mode; absent in payload mode. */
export interface AuthenticatedRequest {
  principal?: Principal;
}
