import { type CustomDecorator, SetMetadata } from '@nestjs/common';

export const SERVED_WHILE_DRAINING = 'workspace:served-while-draining';

/**
 * Marks a handler (or controller) that keeps answering while the service drains (API.md 12.3:
 * the liveness and readiness probes). Read from the serving route's metadata, never the URL.
 */
export const ServedWhileDraining = (): CustomDecorator<string> =>
  SetMetadata(SERVED_WHILE_DRAINING, true);
