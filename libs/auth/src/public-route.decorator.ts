import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiNoSecurity } from '#app/openapi';

export const PUBLIC_ROUTE = 'workspace:public-route';

/**
 * Marks a controller or handler as served without authentication in `trusted_headers` mode
 * (API.md 4.1: health, metrics, OpenAPI). Every other route is authenticated: the guard reads this
 * metadata from the route that will serve the request, never the URL, so no spelling of a path can
 * turn authentication off. The same decorator writes `security: []` into the OpenAPI document, so
 * the document cannot call a route public that the guard authenticates, or the reverse.
 */
export const Public = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(PUBLIC_ROUTE, true), ApiNoSecurity());
