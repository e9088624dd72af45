import { loadAppConfig } from '#app/config';
import type { Capability, Session } from '#app/contracts';
import { AppException } from '#app/errors';
import type { InvocationContext } from '../invocation-context.js';
import { RuntimeGuard } from './runtime.guard.js';

const LOCAL = { runtime: { kind: 'local' } } as unknown as Session;
const CLUSTER = { runtime: { kind: 'kubernetes' } } as unknown as Session;

function capability(name: string, scope: string, aliasOf?: string): Capability {
  return { name, scope, ...(aliasOf ? { alias_of: aliasOf } : {}) } as unknown as Capability;
}

describe('RuntimeGuard (API.md 6 D2)', () => {
  const guard = new RuntimeGuard(loadAppConfig({}));
  const delivering = new RuntimeGuard(
    loadAppConfig({ WORKSPACE_ENABLE_K8S_DELIVERY_TOOLS: 'true' }),
  );

  it('should pass a tool that is not cluster-scoped on any runtime', async () => {
    await expect(
      guard.check({
        capability: capability('fs.read', 'workspace'),
        session: LOCAL,
      } as InvocationContext),
    ).resolves.toBeUndefined();
  });

  it('should deny a cluster tool outside a kubernetes session with 403', async () => {
    const gate = {
      capability: capability('k8s.get', 'cluster'),
      session: LOCAL,
    } as InvocationContext;
    await expect(guard.check(gate)).rejects.toEqual(
      new AppException('policy_denied', 'tool requires kubernetes runtime'),
    );
  });

  it('should pass a cluster tool in a kubernetes session', () => {
    expect(guard.refusal(capability('k8s.get', 'cluster'), CLUSTER)).toBeNull();
  });

  it.each([
    ['the delivery tool', capability('k8s.apply_manifest', 'cluster')],
    ['an alias of it', capability('k8s.apply', 'cluster', 'k8s.apply_manifest')],
  ])('should deny %s unless delivery tools are enabled', (_case, tool) => {
    expect(guard.refusal(tool, CLUSTER)).toBe('k8s delivery tools are disabled by configuration');
    expect(delivering.refusal(tool, CLUSTER)).toBeNull();
  });
});

describe('RuntimeGuard.explain (API.md 5.23)', () => {
  const guard = new RuntimeGuard(loadAppConfig({}));
  const explain = (tool: Capability, session: Session) =>
    guard.explain({ capability: tool, session } as InvocationContext);

  it('should skip a tool that is not cluster-scoped', async () => {
    expect(await explain(capability('fs.read', 'workspace'), LOCAL)).toEqual([
      { name: 'runtime', result: 'skip', detail: 'only cluster-scope tools need a runtime' },
    ]);
  });

  it('should pass a cluster tool in a kubernetes session', async () => {
    expect(await explain(capability('k8s.get', 'cluster'), CLUSTER)).toEqual([
      { name: 'runtime', result: 'pass', detail: 'cluster tool on a kubernetes session' },
    ]);
  });

  it.each([
    ['k8s.get', LOCAL, 'tool requires kubernetes runtime'],
    ['k8s.apply_manifest', CLUSTER, 'k8s delivery tools are disabled by configuration'],
  ] as const)('should fail %s with the refusal check throws', async (name, session, message) => {
    expect(await explain(capability(name, 'cluster'), session)).toEqual([
      {
        name: 'runtime',
        result: 'fail',
        detail: message,
        refusal: { code: 'policy_denied', message },
      },
    ]);
  });
});
