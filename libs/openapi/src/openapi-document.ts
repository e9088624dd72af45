import type { INestApplication } from '@nestjs/common';
import {
  DocumentBuilder,
  type OpenAPIObject,
  type SchemaObject,
  SwaggerModule,
} from '@nestjs/swagger';
import { OPENAPI_COMPONENT_SCHEMAS } from './component-schemas.js';

export interface OpenApiDocumentOptions {
  /** `info.version`: `WORKSPACE_VERSION` or `unknown` (API.md 5.5). */
  version: string;
  /** The configured header names of `trusted_headers` mode (API.md 4.1), lowercased. */
  authHeaders: { token: string; tenant: string; actor: string };
}

const TRUSTED = '`trusted_headers` mode (API.md 4.1); in `payload` mode nothing is authenticated';

/**
 * API.md 5.5: the document is generated from the controllers' own metadata (routes from
 * `@Controller`/`@Get`/…, everything else from the `@Api…` decorators of `route-docs.ts`), so a
 * route exists in it as soon as it is registered; the component schemas are the raw JSON schemas of
 * `component-schemas.ts`. Built once, at startup, from the application before it listens.
 */
export function buildOpenApiDocument(
  app: INestApplication,
  options: OpenApiDocumentOptions,
): OpenAPIObject {
  const { token, tenant, actor } = options.authHeaders;
  const config = new DocumentBuilder()
    .addApiKey({ type: 'apiKey', in: 'header', name: token, description: TRUSTED }, 'auth_token')
    .addApiKey({ type: 'apiKey', in: 'header', name: tenant, description: TRUSTED }, 'tenant_id')
    .addApiKey({ type: 'apiKey', in: 'header', name: actor, description: TRUSTED }, 'actor_id')
    .addSecurityRequirements({ auth_token: [], tenant_id: [], actor_id: [] })
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    // Operation ids are stable for generated clients: `Controller_method`.
    operationIdFactory: (controller, method) =>
      `${controller.replace(/Controller$/, '')}_${method}`,
  });
  // API.md 5.5 fixes `info` to these two members.
  document.info = { title: 'Workspace Execution Service', version: options.version };
  document.components = {
    ...document.components,
    schemas: {
      ...document.components?.schemas,
      // Plain JSON schema literals, typed `as const` (readonly arrays) for `ComponentName`.
      ...(structuredClone(OPENAPI_COMPONENT_SCHEMAS) as unknown as Record<string, SchemaObject>),
    },
  };
  return document;
}
