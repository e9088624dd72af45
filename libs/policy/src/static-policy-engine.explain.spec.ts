import type { Capability, ExplainCheck } from '#app/contracts';
import type { PolicyDecision } from './policy-engine.port.js';
import { StaticPolicyEngine } from './static-policy-engine.js';
import { buildPolicyInput, type PolicyInputOverrides } from './testing/policy-input.fixture.js';

const engine = new StaticPolicyEngine();
const explain = (overrides: PolicyInputOverrides) => engine.explain(buildPolicyInput(overrides));
const check = async (overrides: PolicyInputOverrides, name: string): Promise<ExplainCheck> => {
  const found = (await explain(overrides)).checks.find((candidate) => candidate.name === name);
  if (!found) {
    throw new Error(`no check ${name}`);
  }
  return found;
};

const NAMES = [
  'policy.scope',
  'policy.risk',
  'policy.approval',
  'policy.paths',
  'policy.args',
  'policy.metadata',
];

const gitPush: Partial<Capability> = {
  scope: 'external',
  risk_level: 'high',
  requires_approval: true,
  policy: {
    path_fields: [{ field: 'path' }],
    arg_fields: [{ field: 'remote', max_length: 8, deny_characters: [';'] }],
    profile_fields: [{ field: 'profile_id' }],
  },
};

// Inputs failing none, one or several rules: evaluate must equal the first failure of explain.
const CASES: Array<[string, PolicyInputOverrides]> = [
  ['nothing to check', {}],
  ['every rule passes', { capability: gitPush, roles: ['platform_admin'], approved: true }],
  ['scope and everything after it fail', { capability: gitPush, args: { path: '../x' } }],
  ['risk fails', { capability: gitPush, roles: ['devops'], approved: true }],
  [
    'approval, paths and args fail',
    {
      capability: gitPush,
      roles: ['platform_admin'],
      args: { path: '/etc', remote: 'a;b' },
    },
  ],
  [
    'paths and metadata fail',
    {
      capability: gitPush,
      roles: ['platform_admin'],
      approved: true,
      metadata: { allowed_profiles: 'dev' },
      args: { path: '../x', profile_id: 'prod' },
    },
  ],
  [
    'args fail with a bad payload',
    {
      capability: gitPush,
      roles: ['platform_admin'],
      approved: true,
      args: { remote: 42 },
    },
  ],
  [
    'metadata fails alone',
    {
      capability: gitPush,
      roles: ['platform_admin'],
      approved: true,
      metadata: { allowed_profiles: 'dev' },
      args: { profile_id: 'prod' },
    },
  ],
  ['unknown scope', { capability: { scope: 'galaxy' as Capability['scope'] } }],
  [
    'path outside allowed_paths',
    {
      policy: { path_fields: [{ field: 'path' }] },
      session: { allowed_paths: ['src'] },
      args: { path: 'docs/a' },
    },
  ],
];

describe('StaticPolicyEngine.explain (API.md 5.23)', () => {
  it.each(CASES)('should decide exactly as evaluate when %s', async (_label, overrides) => {
    const decision: PolicyDecision = await engine.evaluate(buildPolicyInput(overrides));
    const explanation = await explain(overrides);
    const firstFailure = explanation.checks.find(({ result }) => result === 'fail');

    expect(explanation.decision).toEqual(decision);
    expect(explanation.checks.map(({ name }) => name)).toEqual(NAMES);
    expect(firstFailure?.detail ?? null).toBe(decision.allowed ? null : decision.message);
  });

  it('should report every rule after a non-authorising failure', async () => {
    const { checks } = await explain(CASES[4][1]);
    expect(checks.map(({ result }) => result)).toEqual([
      'pass',
      'pass',
      'fail',
      'fail',
      'fail',
      'skip',
    ]);
    expect(checks.slice(2, 5).map(({ detail }) => detail)).toEqual([
      'tool requires explicit approval',
      'path escapes workspace',
      'argument not allowed by policy',
    ]);
  });

  it.each<[string, PolicyInputOverrides]>([
    ['scope', { capability: gitPush }],
    ['risk', { capability: gitPush, roles: ['devops'] }],
  ])(
    'should not evaluate the rules after a %s denial, approval included',
    async (_rule, overrides) => {
      const { checks } = await explain({ ...overrides, args: { path: '../x' } });
      const failed = checks.findIndex(({ result }) => result === 'fail');
      expect(checks.slice(failed + 1)).toEqual(
        NAMES.slice(failed + 1).map((name) => ({
          name,
          result: 'skip',
          detail: 'not evaluated: the principal may not use this tool',
        })),
      );
    },
  );

  it('should reject as evaluate does when a rule fails before any denial', async () => {
    const failure = new Error('disk on fire');
    const explanation = explain({
      policy: { path_fields: [{ field: 'path' }] },
      args: { path: 'src' },
      workspace: { resolve: () => Promise.reject(failure) },
    });
    await expect(explanation).rejects.toBe(failure);
  });

  it('should keep the earlier denial and report fail when a later rule fails unexpectedly', async () => {
    const explanation = await explain({
      capability: { requires_approval: true },
      policy: { path_fields: [{ field: 'path' }] },
      args: { path: 'src' },
      workspace: { resolve: () => Promise.reject(new Error('EIO /secret/place')) },
    });
    expect(explanation.decision).toEqual({
      allowed: false,
      code: 'approval_required',
      message: 'tool requires explicit approval',
    });
    expect(explanation.checks[3]).toEqual({
      name: 'policy.paths',
      result: 'fail',
      detail: 'could not be evaluated',
    });
  });

  describe('details', () => {
    it('should name why a scope passes', async () => {
      expect(await check({}, 'policy.scope')).toEqual({
        name: 'policy.scope',
        result: 'pass',
        detail: 'scope workspace is open to every principal',
      });
      expect(
        (await check({ capability: { scope: 'cluster' }, roles: ['devops'] }, 'policy.scope'))
          .detail,
      ).toBe('scope cluster: the principal holds devops or platform_admin');
      expect((await check({ capability: { scope: 'cluster' } }, 'policy.scope')).detail).toBe(
        'principal roles cannot access tool scope',
      );
    });

    it('should skip risk below high and pass high risk for platform_admin', async () => {
      expect(await check({ capability: { risk_level: 'medium' } }, 'policy.risk')).toMatchObject({
        result: 'skip',
        detail: 'risk medium needs no role',
      });
      const high = { capability: { risk_level: 'high' as const }, roles: ['platform_admin'] };
      expect(await check(high, 'policy.risk')).toMatchObject({
        result: 'pass',
        detail: 'high risk: the principal holds platform_admin',
      });
    });

    it('should skip approval unless required and pass it when approved', async () => {
      expect(await check({}, 'policy.approval')).toMatchObject({
        result: 'skip',
        detail: 'tool does not require approval',
      });
      const approved = { capability: { requires_approval: true }, approved: true };
      expect(await check(approved, 'policy.approval')).toMatchObject({
        result: 'pass',
        detail: 'approved: true was given',
      });
    });

    it('should skip paths when none are declared or given and name the checked fields', async () => {
      const policy = { path_fields: [{ field: 'path' }, { field: 'target' }] };
      expect((await check({}, 'policy.paths')).detail).toBe('tool declares no path fields');
      expect(await check({ policy, args: { path: '' } }, 'policy.paths')).toMatchObject({
        result: 'skip',
        detail: 'no path field given',
      });
      expect(await check({ policy, args: { path: 'a', target: 'b' } }, 'policy.paths')).toEqual({
        name: 'policy.paths',
        result: 'pass',
        detail: 'inside the workspace and allowed_paths: path, target',
      });
      const pod = {
        policy,
        args: { target: 'b' },
        session: { runtime: { kind: 'kubernetes' as const, workdir: '/w', pod_name: 'p' } },
      };
      expect((await check(pod, 'policy.paths')).detail).toBe(
        'inside the workspace and allowed_paths (lexical steps only): target',
      );
    });

    it('should skip args when no rule is declared or no ruled argument given', async () => {
      const policy = { arg_fields: [{ field: 'ref' }, { field: 'remote' }] };
      expect((await check({}, 'policy.args')).detail).toBe('tool declares no argument rules');
      expect(await check({ policy, args: { ref: null } }, 'policy.args')).toMatchObject({
        result: 'skip',
        detail: 'no ruled argument given',
      });
      expect(await check({ policy, args: { remote: 'origin' } }, 'policy.args')).toMatchObject({
        result: 'pass',
        detail: 'within the argument rules: remote',
      });
    });

    it('should pass metadata only when a set list restricted a given value', async () => {
      const policy = { profile_fields: [{ field: 'profile_id' }], topic_fields: [{ field: 't' }] };
      const unrestricted = {
        policy,
        metadata: { allowed_profiles: '*' },
        args: { profile_id: 'x' },
      };
      expect(await check(unrestricted, 'policy.metadata')).toMatchObject({
        result: 'skip',
        detail: 'no session allowlist restricts the arguments of this call',
      });
      const restricted = {
        policy,
        metadata: { allowed_profiles: 'dev', allowed_kafka_topics: 'dev.>' },
        args: { profile_id: 'dev', t: 'dev.orders' },
      };
      expect(await check(restricted, 'policy.metadata')).toMatchObject({
        result: 'pass',
        detail: 'allowed by session metadata: allowed_profiles, allowed_kafka_topics',
      });
      const denied = { ...restricted, args: { profile_id: 'prod' } };
      expect(await check(denied, 'policy.metadata')).toMatchObject({
        result: 'fail',
        detail: 'profile not allowed',
      });
    });
  });
});
