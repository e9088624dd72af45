import { Controller, Get, type INestApplication } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { ConfigModule, loadAppConfig } from '#app/config';
import type { Principal } from '#app/contracts';
import { ErrorEnvelopeFilter, RouteTable } from '#app/http';
import { JsonLogger } from '#app/observability';
import { CurrentPrincipal } from './current-principal.decorator.js';
import { Public } from './public-route.decorator.js';
import { TrustedHeaderGuard } from './trusted-header.guard.js';

const TOKEN = 'unit-token';

@Controller()
class PrincipalController {
  @Get('private')
  read(@CurrentPrincipal() principal: Principal | null): { principal: Principal | null } {
    return { principal };
  }

  // A mis-marked route: public, yet asking for the caller.
  @Get('public')
  @Public()
  readPublic(@CurrentPrincipal() principal: Principal | null): { principal: Principal | null } {
    return { principal };
  }
}

async function appFor(env: Record<string, string>): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule.forRoot(loadAppConfig(env))],
    controllers: [PrincipalController],
    providers: [
      { provide: APP_GUARD, useClass: TrustedHeaderGuard },
      // The real envelope, so the assertions see the status a caller would.
      { provide: APP_FILTER, useClass: ErrorEnvelopeFilter },
      { provide: JsonLogger, useValue: new JsonLogger('error', () => undefined) },
      RouteTable,
    ],
  }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), {
    logger: false,
  });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

async function get(app: INestApplication, url: string, headers: Record<string, string> = {}) {
  return (app as NestFastifyApplication).inject({ method: 'GET', url, headers });
}

describe('@CurrentPrincipal()', () => {
  describe('in trusted_headers mode', () => {
    let app: INestApplication;
    beforeAll(async () => {
      app = await appFor({
        WORKSPACE_AUTH_MODE: 'trusted_headers',
        WORKSPACE_AUTH_SHARED_TOKEN: TOKEN,
      });
    });
    afterAll(() => app.close());

    it('should inject the principal the guard authenticated', async () => {
      const response = await get(app, '/private', {
        'x-workspace-auth-token': TOKEN,
        'x-workspace-tenant-id': 't',
        'x-workspace-actor-id': 'a',
        'x-workspace-roles': 'dev',
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        principal: { tenant_id: 't', actor_id: 'a', roles: ['dev'] },
      });
    });

    it('should fail closed with 401 on a route the guard did not authenticate', async () => {
      const response = await get(app, '/public');
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({
        error: { code: 'unauthorized', message: 'invalid authentication token', retryable: false },
      });
    });
  });

  describe('in payload mode', () => {
    let app: INestApplication;
    beforeAll(async () => {
      app = await appFor({});
    });
    afterAll(() => app.close());

    it('should inject null: ownership comes from the body, not from headers', async () => {
      const response = await get(app, '/private', {
        'x-workspace-tenant-id': 't',
        'x-workspace-actor-id': 'a',
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ principal: null });
    });
  });
});
