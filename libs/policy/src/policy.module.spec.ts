import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { PolicyEngine } from './policy-engine.port.js';
import type { PolicyModuleOptions } from './policy.module-definition.js';
import { createPolicyEngine, PolicyModule } from './policy.module.js';
import { StaticPolicyEngine } from './static-policy-engine.js';

@Injectable()
class PolicyConsumer {
  constructor(readonly engine: PolicyEngine) {}
}

@Module({ providers: [PolicyConsumer] })
class ConsumerModule {}

describe('PolicyModule', () => {
  it('should provide the static engine when forRoot selects it', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [PolicyModule.forRoot({ engine: 'static' })],
    }).compile();

    expect(moduleRef.get(PolicyEngine)).toBeInstanceOf(StaticPolicyEngine);
    await moduleRef.close();
  });

  it('should provide the engine to modules that do not import it when registered globally', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        PolicyModule.forRootAsync({ useFactory: () => ({ engine: 'static' as const }) }),
        ConsumerModule,
      ],
    }).compile();

    expect(moduleRef.get(PolicyConsumer).engine).toBeInstanceOf(StaticPolicyEngine);
    await moduleRef.close();
  });

  it('should fail to compile a consumer elsewhere when registered with isGlobal false', async () => {
    const build = Test.createTestingModule({
      imports: [PolicyModule.forRoot({ engine: 'static', isGlobal: false }), ConsumerModule],
    }).compile();

    await expect(build).rejects.toThrow(/PolicyEngine/);
  });

  it('should decide a real invocation through the provided port', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [PolicyModule.forRoot({ engine: 'static' })],
    }).compile();
    const engine = moduleRef.get(PolicyEngine);

    const decision = await engine.evaluate({
      capability: {
        name: 'k8s.get_pods',
        description: 'List pods',
        input_schema: { type: 'object' },
        output_schema: { type: 'object' },
        scope: 'cluster',
        side_effects: 'none',
        risk_level: 'low',
        requires_approval: false,
        idempotency: 'guaranteed',
        constraints: { timeout_seconds: 30, max_retries: 0 },
        cost_hint: 'low',
        policy: { namespace_fields: ['namespace'] },
        observability: { trace_name: 'workspace.tools', span_name: 'k8s.get_pods' },
      },
      session: {
        id: 'session-1',
        workspace_path: '/workspace/repo',
        runtime: { kind: 'kubernetes', workdir: '/workspace/repo' },
        allowed_paths: ['.'],
        principal: { tenant_id: 't', actor_id: 'a', roles: ['devops'] },
        metadata: { allowed_k8s_namespaces: 'team-*' },
        created_at: '2025-01-01T00:00:00.000Z',
        expires_at: '2025-01-01T01:00:00.000Z',
      },
      args: { namespace: 'kube-system' },
      approved: false,
    });

    expect(decision).toEqual({
      allowed: false,
      code: 'policy_denied',
      message: 'namespace not allowed',
    });
    await moduleRef.close();
  });
});

describe('createPolicyEngine', () => {
  it('should throw when the options name an unknown engine', () => {
    const options = { engine: 'opa' } as unknown as PolicyModuleOptions;
    expect(() => createPolicyEngine(options)).toThrow('unknown policy engine: opa');
  });
});
