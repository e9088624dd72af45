import { Controller, Delete, Get } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { loadAppConfig } from '#app/config';
import type { Session } from '#app/contracts';
import { AppException } from '#app/errors';
import { IdempotentForUnknownSession } from './idempotent-for-unknown-session.decorator.js';
import { SessionAccessGuard, type SessionRequest } from './session-access.guard.js';
import type { SessionService } from './session.service.js';

const SESSION = {
  id: 's1',
  principal: { tenant_id: 'a', actor_id: 'b', roles: [] },
} as unknown as Session;
const ELSEWHERE: Session = { ...SESSION, id: 's2' };
const OWNER = { tenant_id: 'a', actor_id: 'b', roles: [] };

@Controller()
class ReadController {
  @Get()
  handle(): void {}
}

@Controller()
class CloseController {
  @Delete()
  @IdempotentForUnknownSession()
  handle(): void {}
}

function contextFor(
  request: object,
  controller: new () => object = ReadController,
): ExecutionContextHost {
  const context = new ExecutionContextHost([request, {}]);
  context.setType('http');
  const handler = (controller.prototype as Record<string, () => void>)['handle'];
  Object.assign(context, { getHandler: () => handler, getClass: () => controller });
  return context;
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppException) {
      return error.code;
    }
    throw error;
  }
  return 'passed';
}

describe('SessionAccessGuard fail-closed', () => {
  const sessions = {
    findPlaced: async (id: string) =>
      id === 's1'
        ? { session: SESSION, here: true }
        : id === 's2'
          ? { session: ELSEWHERE, here: false }
          : null,
    isOwnedBy: (session: Session, principal: { tenant_id: string; actor_id: string }) =>
      session.principal.tenant_id === principal.tenant_id &&
      session.principal.actor_id === principal.actor_id,
  } as unknown as SessionService;
  const trusted = new SessionAccessGuard(
    sessions,
    loadAppConfig({ WORKSPACE_AUTH_MODE: 'trusted_headers', WORKSPACE_AUTH_SHARED_TOKEN: 't' }),
    new Reflector(),
  );
  const payload = new SessionAccessGuard(sessions, loadAppConfig({}), new Reflector());

  it.each(['GET', 'DELETE'])(
    'should refuse %s with 401 in trusted mode when no principal was authenticated',
    async (method) => {
      const request = { method, params: { session_id: 's1' } };
      await expect(trusted.canActivate(contextFor(request))).rejects.toThrow(
        'invalid authentication token',
      );
      expect((request as { session?: Session }).session).toBeUndefined();
    },
  );

  it('should still check ownership with an authenticated principal', async () => {
    const request = {
      method: 'GET',
      params: { session_id: 's1' },
      principal: { tenant_id: 'a', actor_id: 'x', roles: [] },
    };
    await expect(trusted.canActivate(contextFor(request))).rejects.toThrow(
      'session does not belong to authenticated principal',
    );
  });

  it('should hand the owned session to the handler', async () => {
    const request: SessionRequest & object = {
      principal: OWNER,
      params: { session_id: 's1' },
    } as SessionRequest;
    await expect(trusted.canActivate(contextFor(request))).resolves.toBe(true);
    expect(request.session).toBe(SESSION);
  });

  it.each([ReadController, CloseController])(
    'should answer 503 on %p when another replica holds the workspace, after ownership',
    async (controller) => {
      const request: SessionRequest = Object.assign({
        params: { session_id: 's2' },
        principal: OWNER,
      });
      await expect(payload.canActivate(contextFor(request, controller))).rejects.toMatchObject({
        code: 'unavailable',
        message: 'session workspace is not on this replica',
      });
      expect(request.session).toBeUndefined();
      const stranger = { params: { session_id: 's2' }, principal: { ...OWNER, actor_id: 'x' } };
      await expect(codeOf(trusted.canActivate(contextFor(stranger, controller)))).resolves.toBe(
        'policy_denied',
      );
    },
  );

  it('should answer 404 for an unknown id on an unmarked route', async () => {
    await expect(
      codeOf(payload.canActivate(contextFor({ method: 'DELETE', params: { session_id: 'nope' } }))),
    ).resolves.toBe('not_found');
  });

  it('should pass an unknown id as null on an @IdempotentForUnknownSession() route in payload mode', async () => {
    const request: SessionRequest = Object.assign({ params: { session_id: 'nope' } });
    await expect(payload.canActivate(contextFor(request, CloseController))).resolves.toBe(true);
    expect(request.session).toBeNull();
  });

  it('should still answer 404 for an unknown id on a marked route when a principal is authenticated', async () => {
    const request = { params: { session_id: 'nope' }, principal: OWNER };
    await expect(codeOf(trusted.canActivate(contextFor(request, CloseController)))).resolves.toBe(
      'not_found',
    );
  });
});
