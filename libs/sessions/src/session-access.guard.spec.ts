import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { loadAppConfig } from '#app/config';
import type { Session } from '#app/contracts';
import { SessionAccessGuard } from './session-access.guard.js';
import type { SessionService } from './session.service.js';

const SESSION = { id: 's1', principal: { tenant_id: 'a', actor_id: 'b', roles: [] } } as unknown as Session;

function contextFor(request: object): ExecutionContextHost {
  const context = new ExecutionContextHost([request, {}]);
  context.setType('http');
  return context;
}

describe('SessionAccessGuard fail-closed', () => {
  const sessions = {
    find: async (id: string) => (id === 's1' ? SESSION : null),
    isOwnedBy: (session: Session, principal: { tenant_id: string; actor_id: string }) =>
      session.principal.tenant_id === principal.tenant_id && session.principal.actor_id === principal.actor_id,
  } as unknown as SessionService;
  const trusted = new SessionAccessGuard(sessions, loadAppConfig({ WORKSPACE_AUTH_MODE: 'trusted_headers', WORKSPACE_AUTH_SHARED_TOKEN: 't' }));

  it.each(['GET', 'DELETE'])('should refuse %s with 401 in trusted mode when no principal was authenticated', async (method) => {
    const request = { method, params: { session_id: 's1' } };
    await expect(trusted.canActivate(contextFor(request))).rejects.toThrow('invalid authentication token');
    expect((request as { session?: Session }).session).toBeUndefined();
  });

  it('should still check ownership with an authenticated principal', async () => {
    const request = { method: 'GET', params: { session_id: 's1' }, principal: { tenant_id: 'a', actor_id: 'x', roles: [] } };
    await expect(trusted.canActivate(contextFor(request))).rejects.toThrow('session does not belong to authenticated principal');
  });
});
