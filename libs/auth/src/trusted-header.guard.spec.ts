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

// Inherits `handle` (the same function object) from an unmarked controller, but is marked itself.
// (The reverse cannot be built: class metadata is inherited, so a subclass of a public one is public.)
@Controller()
@Public()
class PublicSubclassOfPrivate extends PrivateController {}

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

  it('should decide per controller when one handler function serves differently marked controllers', () => {
    // Twice each, interleaved: a decision remembered for one controller must not leak to the other.
    for (let round = 0; round < 2; round += 1) {
      expect(() => trusted.canActivate(contextFor(PrivateController, '/v1/x', {}).context)).toThrow(
        AppException,
      );
      expect(trusted.canActivate(contextFor(PublicSubclassOfPrivate, '/v1/x', {}).context)).toBe(
        true,
      );
    }
  });

  it('should reject a wrong token of the same length and a token differing only in case', () => {
    for (const token of ['unit-tokeN', 'UNIT-TOKEN', `${TOKEN} `, '']) {
      const { context } = contextFor(PrivateController, '/v1/x', {
        'x-workspace-auth-token': token,
        'x-workspace-tenant-id': 't',
        'x-workspace-actor-id': 'a',
      });
      expect(() => trusted.canActivate(context)).toThrow(AppException);
    }
  });

  it('should pass every route in payload mode without setting a principal', () => {
    const payload = new TrustedHeaderGuard(loadAppConfig({}), new Reflector());
    const { context, request } = contextFor(PrivateController, '/v1/x', {});
    expect(payload.canActivate(context)).toBe(true);
    expect(request.principal).toBeUndefined();
  });
});
