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
    .setTitle('Workspace Execution Service')
    .setDescription(
      'Governed workspace sessions and a typed, policy-enforced tool catalog (docs/spec/API.md). ' +
        'The security requirement applies in `trusted_headers` mode; `payload` mode authenticates nothing.',
    )
    .setVersion(options.version)
    .addApiKey({ type: 'apiKey', in: 'header', name: token }, 'auth_token')
    .addApiKey({ type: 'apiKey', in: 'header', name: tenant }, 'tenant_id')
    .addApiKey({ type: 'apiKey', in: 'header', name: actor }, 'actor_id')
    .addSecurityRequirements({ auth_token: [], tenant_id: [], actor_id: [] })
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    // Operation ids are stable for generated clients: `Controller_method`.
    operationIdFactory: (controller, method) =>
      `${controller.replace(/Controller$/, '')}_${method}`,
  });
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
