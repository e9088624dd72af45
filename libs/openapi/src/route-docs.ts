import { applyDecorators } from '@nestjs/common';
import {
  ApiBody,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiResponse,
  DECORATORS,
  type ReferenceObject,
  type SchemaObject,
} from '@nestjs/swagger';
import { ERROR_HTTP_STATUS, type ErrorCode } from '#app/contracts';
import type { ComponentName } from './component-schemas.js';

/**
 * The decorators every route carries so that `buildOpenApiDocument` (which reads controller
 * metadata through `@nestjs/swagger`) describes it: operation, parameters, body, and one response
 * per status. Thin wrappers over the `@nestjs/swagger` ones that spell the service's conventions
 * (envelopes, the error envelope per status) once.
 */

type Schema = SchemaObject & Partial<ReferenceObject>;

/** A `$ref` to a component schema of `component-schemas.ts`. */
export const schemaRef = (name: ComponentName): Schema => ({
  $ref: `#/components/schemas/${name}`,
});

/** The service's answer shape: one member holding the object (`{"session": {...}}`). */
export const envelope = (member: string, schema: Schema): Schema => ({
  type: 'object',
  required: [member],
  properties: { [member]: schema },
});

export const listOf = (name: ComponentName): Schema => ({ type: 'array', items: schemaRef(name) });

/** A JSON success answer of `status` (`description` says when it is given). */
export const ApiJsonResponse = (
  status: number,
  schema: Schema,
  description = 'OK',
  headers?: Record<string, string>,
): MethodDecorator & ClassDecorator =>
  ApiResponse({
    status,
    description,
    content: { 'application/json': { schema } },
    ...(headers ? { headers: responseHeaders(headers) } : {}),
  });

/** Response headers (name → description), all strings. */
const responseHeaders = (headers: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(headers).map(([name, description]) => [
      name,
      { description, schema: { type: 'string' as const } },
    ]),
  );

/** Headers API.md puts on every error answer of a status (3.2: Retry-After; 1.4: Allow). */
const ERROR_HEADERS: Readonly<Record<number, Record<string, string>>> = {
  405: { Allow: 'The methods the path serves (API.md 1.4)' },
  429: { 'Retry-After': 'Seconds until a retry can succeed (API.md 3.2)' },
};

/** A non-JSON success answer (metrics text, SSE stream, artifact bytes). */
export const ApiRawResponse = (
  status: number,
  contentType: string,
  description: string,
): MethodDecorator & ClassDecorator =>
  ApiResponse({
    status,
    description,
    content: { [contentType]: { schema: { type: 'string' } } },
  });

/** A path parameter: every id is an opaque string (API.md 1.4 decides which spellings route). */
export const ApiPathParam = (name: string, description: string): MethodDecorator & ClassDecorator =>
  ApiParam({ name, description, required: true, schema: { type: 'string' } });

export const ApiQueryParam = (name: string, schema: Schema, description: string): MethodDecorator =>
  ApiQuery({ name, required: false, description, schema });

/** A JSON request body described by a component schema. */
export const ApiJsonBody = (name: ComponentName): MethodDecorator =>
  ApiBody({ required: true, schema: schemaRef(name) });

const CODES_BY_STATUS = new Map<number, ErrorCode[]>();
for (const [code, status] of Object.entries(ERROR_HTTP_STATUS) as Array<[ErrorCode, number]>) {
  CODES_BY_STATUS.set(status, [...(CODES_BY_STATUS.get(status) ?? []), code]);
}

/** The error envelope (API.md 3.1) narrowed to the codes API.md 3.2 maps to `status`. */
export function errorSchemaFor(status: number): Schema {
  const codes = CODES_BY_STATUS.get(status);
  if (codes === undefined) {
    throw new Error(`no error code maps to HTTP ${status} (API.md 3.2)`);
  }
  return {
    allOf: [
      schemaRef('Error'),
      {
        type: 'object',
        properties: {
          error: { type: 'object', properties: { code: { type: 'string', enum: codes } } },
        },
      },
    ],
  };
}

/** The error answers of a route, one per status, each with the codes that status carries. */
export const ApiErrorResponses = (...statuses: number[]): MethodDecorator & ClassDecorator =>
  applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: `Error: ${(CODES_BY_STATUS.get(status) ?? []).join(', ')}`,
        content: { 'application/json': { schema: errorSchemaFor(status) } },
        ...(ERROR_HEADERS[status] ? { headers: responseHeaders(ERROR_HEADERS[status]) } : {}),
      }),
    ),
  );

/** A one-line operation summary; every route needs one (the document test checks it). */
export const ApiSummary = (summary: string): MethodDecorator => ApiOperation({ summary });

/**
 * An operation served without authentication (API.md 4.1): `security: []` overrides the
 * document's requirement. `Public()` (libs/auth) applies it, so the two cannot disagree.
 */
export const ApiNoSecurity = (): MethodDecorator & ClassDecorator =>
  ((target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    const subject: object = descriptor ? (descriptor.value as object) : target;
    Reflect.defineMetadata(DECORATORS.API_SECURITY, [], subject);
    return descriptor ?? target;
  }) as MethodDecorator & ClassDecorator;
