import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { loadAppConfig } from '#app/config';
import type { Invocation, Principal, Session } from '#app/contracts';
import { AppException } from '#app/errors';
import type { SessionService } from '#app/sessions';
import type { InvocationStore } from '#app/stores';
import { InvocationAccessGuard, type InvocationRequest } from './invocation-access.guard.js';
import type { LostInvocations } from './lost-invocations.js';

const OWNER: Principal = { tenant_id: 'a', actor_id: 'b', roles: [] };
const STRANGER: Principal = { tenant_id: 'a', actor_id: 'x', roles: [] };
const SESSION = { id: 's1', principal: OWNER } as unknown as Session;
const INVOCATION = { id: 'inv-1', session_id: 's1' } as unknown as Invocation;
const ORPHAN = { id: 'inv-2', session_id: 'gone' } as unknown as Invocation;

function contextFor(request: object): ExecutionContextHost {
  const context = new ExecutionContextHost([request, {}]);
  context.setType('http');
  return context;
}

async function outcomeOf(guard: InvocationAccessGuard, request: object): Promise<string> {
  try {
    return String(await guard.canActivate(contextFor(request)));
  } catch (error) {
    if (error instanceof AppException) {
      return `${error.code}: ${error.message}`;
    }
    throw error;
  }
}

describe('InvocationAccessGuard (API.md 4.2)', () => {
  const store = {
    get: async (id: string) => [INVOCATION, ORPHAN].find((one) => one.id === id) ?? null,
  } as unknown as InvocationStore;
  const sessions = {
    find: async (id: string) => (id === 's1' ? SESSION : null),
    isOwnedBy: (session: Session, principal: Principal) =>
      session.principal.tenant_id === principal.tenant_id &&
      session.principal.actor_id === principal.actor_id,
  } as unknown as SessionService;
  // Records here are not running: settling hands them back unchanged.
  const lost = { settle: async (record: Invocation) => record } as unknown as LostInvocations;
  const trusted = new InvocationAccessGuard(
    store,
    sessions,
    loadAppConfig({ WORKSPACE_AUTH_MODE: 'trusted_headers', WORKSPACE_AUTH_SHARED_TOKEN: 't' }),
    lost,
  );
  const payload = new InvocationAccessGuard(store, sessions, loadAppConfig({}), lost);

  it('should hand the owned invocation to the handler in trusted mode', async () => {
    const request: InvocationRequest & object = Object.assign({
      params: { invocation_id: 'inv-1' },
      principal: OWNER,
    });
    expect(await outcomeOf(trusted, request)).toBe('true');
    expect(request.invocation).toBe(INVOCATION);
  });

  it('should refuse with 401 in trusted mode when no principal was authenticated', async () => {
    const request: InvocationRequest & object = Object.assign({
      params: { invocation_id: 'inv-1' },
    });
    expect(await outcomeOf(trusted, request)).toBe('unauthorized: invalid authentication token');
    expect(request.invocation).toBeUndefined();
  });

  it.each([
    ['an unknown invocation', 'nope', OWNER, 'not_found: invocation not found'],
    ['an invocation whose session is gone', 'inv-2', OWNER, 'not_found: session not found'],
    [
      "another caller's invocation",
      'inv-1',
      STRANGER,
      'policy_denied: session does not belong to authenticated principal',
    ],
  ])('should refuse %s in trusted mode', async (_case, id, principal, expected) => {
    const request: InvocationRequest & object = Object.assign({
      params: { invocation_id: id },
      principal,
    });
    expect(await outcomeOf(trusted, request)).toBe(expected);
    expect(request.invocation).toBeUndefined();
  });

  it('should serve any existing invocation in payload mode, its session gone or not', async () => {
    const request: InvocationRequest & object = Object.assign({
      params: { invocation_id: 'inv-2' },
    });
    expect(await outcomeOf(payload, request)).toBe('true');
    expect(request.invocation).toBe(ORPHAN);
  });

  it('should answer 404 for an unknown invocation in payload mode', async () => {
    expect(await outcomeOf(payload, { params: { invocation_id: 'nope' } })).toBe(
      'not_found: invocation not found',
    );
  });
});
