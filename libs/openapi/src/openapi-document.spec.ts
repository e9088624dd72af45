import 'reflect-metadata';
import { Controller, Get, type INestApplication, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { documentGaps } from './document-gaps.js';
import { buildOpenApiDocument } from './openapi-document.js';
import {
  ApiErrorResponses,
  ApiJsonBody,
  ApiJsonResponse,
  ApiNoSecurity,
  ApiPathParam,
  ApiSummary,
  envelope,
  errorSchemaFor,
  schemaRef,
} from './route-docs.js';

@Controller('things')
@ApiErrorResponses(405)
class DescribedController {
  @Post(':thing_id')
  @ApiSummary('Make a thing')
  @ApiPathParam('thing_id', 'The thing')
  @ApiJsonBody('RenewSessionRequest')
  @ApiJsonResponse(201, envelope('session', schemaRef('Session')), 'Created')
  @ApiErrorResponses(400, 401, 403, 404, 413)
  make(): void {}
}

@Controller()
@ApiNoSecurity()
@ApiErrorResponses(405)
class OpenController {
  @Get('open')
  @ApiSummary('Open to all')
  @ApiJsonResponse(200, { type: 'object' })
  open(): void {}
}

// A route someone added without its decorators: routed, so documented, but undescribed.
@Controller('bare')
class BareController {
  @Get(':bare_id')
  read(): void {}
}

@Module({ controllers: [DescribedController, OpenController, BareController] })
class SampleModule {}

describe('buildOpenApiDocument', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await NestFactory.create(SampleModule, new FastifyAdapter(), { logger: false });
  });
  afterAll(() => app.close());

  const build = () =>
    buildOpenApiDocument(app, {
      version: '1.2.3',
      authHeaders: { token: 'x-token', tenant: 'x-tenant', actor: 'x-actor' },
    });

  it('should put every routed handler in the document, decorated or not', () => {
    const document = build();

    expect(Object.keys(document.paths).sort()).toEqual([
      '/bare/{bare_id}',
      '/open',
      '/things/{thing_id}',
    ]);
    expect(document.info).toEqual({ title: 'Workspace Execution Service', version: '1.2.3' });
    expect(document.components?.schemas?.['Session']).toBeDefined();
    expect(document.security).toEqual([{ auth_token: [], tenant_id: [], actor_id: [] }]);
    expect(document.paths['/open']?.get?.security).toEqual([]);
    expect(document.paths['/things/{thing_id}']?.post?.security).toBeUndefined();
  });

  it('should report exactly the gaps of the undecorated route', () => {
    expect(documentGaps(build())).toEqual([
      'GET /bare/{bare_id}: no @ApiSummary',
      'GET /bare/{bare_id}: 200 undocumented (no @Api…Response)',
      'GET /bare/{bare_id}: no 405 response',
      'GET /bare/{bare_id}: no 401 response',
      'GET /bare/{bare_id}: no 404 response',
      'GET /bare/{bare_id}: no 403 response',
      'GET /bare/{bare_id}: path parameter bare_id undocumented',
    ]);
  });

  it('should narrow the error envelope to the codes of each status, and refuse an unmapped status', () => {
    expect(errorSchemaFor(409)).toEqual({
      allOf: [
        { $ref: '#/components/schemas/Error' },
        {
          type: 'object',
          properties: {
            error: {
              type: 'object',
              properties: { code: { type: 'string', enum: ['conflict', 'cancelled'] } },
            },
          },
        },
      ],
    });
    expect(() => errorSchemaFor(418)).toThrow('no error code maps to HTTP 418');
  });
});
