import { Controller, Get } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { loadAppConfig } from '#app/config';
import { AppException } from '#app/errors';
import type { AuthenticatedRequest } from './authenticated-request.js';
import { Public } from './public-route.decorator.js';
import { TrustedHeaderGuard } from './trusted-header.guard.js';

@Controller()
class PrivateController {
  @Get('v1/x')
  handle(): void {}
}

@Controller()
@Public()
class PublicController {
  @Get('healthz')
  handle(): void {}
}

const TOKEN = 'unit-token';

function contextFor(
  controller: new () => object,
  url: string,
  headers: Record<string, string>,
): {
  context: ExecutionContextHost;
  request: AuthenticatedRequest & { url: string; headers: Record<string, string> };
} {
  const request = { url, headers };
  const context = new ExecutionContextHost([request, {}]);
  context.setType('http');
  const handler = (controller.prototype as Record<string, () => void>)['handle'];
  Object.assign(context, { getHandler: () => handler, getClass: () => controller });
  return { context, request };
}

describe('TrustedHeaderGuard', () => {
  const trusted = new TrustedHeaderGuard(
    loadAppConfig({ WORKSPACE_AUTH_MODE: 'trusted_headers', WORKSPACE_AUTH_SHARED_TOKEN: TOKEN }),
    new Reflector(),
  );

  it.each(['/healthz', '/metrics', '/%761/sessions', '/V1/sessions', '/', ''])(
    'should authenticate an unmarked route whatever the URL says (%j)',
    (url) => {
      const { context } = contextFor(PrivateController, url, {});
      expect(() => trusted.canActivate(context)).toThrow(AppException);
    },
  );

  it('should set the header principal on an unmarked route with a valid token', () => {
    const { context, request } = contextFor(PrivateController, '/%761/x', {
      'x-workspace-auth-token': TOKEN,
      'x-workspace-tenant-id': 't',
      'x-workspace-actor-id': 'a',
    });
    expect(trusted.canActivate(context)).toBe(true);
    expect(request.principal).toEqual({ tenant_id: 't', actor_id: 'a', roles: [] });
  });

  it('should let a @Public() route through without credentials whatever the URL says', () => {
    const { context, request } = contextFor(PublicController, '/v1/sessions', {});
    expect(trusted.canActivate(context)).toBe(true);
    expect(request.principal).toBeUndefined();
  });

  it('should pass every route in payload mode without setting a principal', () => {
    const payload = new TrustedHeaderGuard(loadAppConfig({}), new Reflector());
    const { context, request } = contextFor(PrivateController, '/v1/x', {});
    expect(payload.canActivate(context)).toBe(true);
    expect(request.principal).toBeUndefined();
  });
});
