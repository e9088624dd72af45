import { type CustomDecorator, SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'workspace:public-route';

/**
 * Marks a controller or handler as served without authentication in `trusted_headers` mode
 * (API.md 4.1: health, metrics, OpenAPI). Every other route is authenticated: the guard reads this
 * metadata from the route that will serve the request, never the URL, so no spelling of a path can
 * turn authentication off.
 */
export const Public = (): CustomDecorator<string> => SetMetadata(PUBLIC_ROUTE, true);
