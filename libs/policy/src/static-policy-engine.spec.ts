import type { Capability, PolicyBindings } from '#app/contracts';
import { StaticPolicyEngine } from './static-policy-engine.js';
import { buildPolicyInput, type PolicyInputOverrides } from './testing/policy-input.fixture.js';

const engine = new StaticPolicyEngine();
const evaluate = (overrides: PolicyInputOverrides) => engine.evaluate(buildPolicyInput(overrides));
const denied = (message: string) => ({ allowed: false, code: 'policy_denied', message });

const SHELL_DENY = [';', '|', '&', '`', '$(', '>', '<', '\n', '\r'];

// Shapes taken from CATALOG.md 22, built inline because the catalog tools live elsewhere.
const gitPush: Partial<Capability> = {
  name: 'git.push',
  scope: 'external',
  risk_level: 'high',
  requires_approval: true,
  policy: {
    arg_fields: [
      { field: 'remote', max_length: 128, deny_characters: [...SHELL_DENY, ' '] },
      { field: 'refspec', max_length: 512, deny_characters: [...SHELL_DENY, ' '] },
    ],
  },
};
const imageBuild: PolicyBindings = {
  path_fields: [
    { field: 'context_path', workspace_relative: true },
    { field: 'dockerfile_path', workspace_relative: true },
  ],
  registry_fields: ['tag'],
  registry_requires_flag: 'push',
};

describe('StaticPolicyEngine', () => {
  it('should allow when every rule passes', async () => {
    const decision = await evaluate({
      policy: { path_fields: [{ field: 'path' }] },
      args: { path: 'src/a.ts' },
    });
    expect(decision).toEqual({ allowed: true });
  });

  it('should allow an approved high risk external tool when the principal is platform_admin', async () => {
    const decision = await evaluate({
      capability: gitPush,
      roles: ['platform_admin'],
      approved: true,
      args: { remote: 'origin', refspec: 'main' },
    });
    expect(decision).toEqual({ allowed: true });
  });

  it('should report the scope denial before risk and approval when every rule would fail', async () => {
    expect(await evaluate({ capability: gitPush, roles: [], approved: false })).toEqual(
      denied('principal roles cannot access tool scope'),
    );
  });

  it('should report the risk denial before approval when scope passes', async () => {
    expect(await evaluate({ capability: gitPush, roles: ['devops'], approved: false })).toEqual(
      denied('high risk capability requires platform_admin role'),
    );
  });

  it('should ask for approval before checking paths and arguments', async () => {
    const decision = await evaluate({
      capability: { ...gitPush, policy: { ...gitPush.policy, path_fields: [{ field: 'path' }] } },
      roles: ['platform_admin'],
      args: { path: '../x', remote: 'origin;rm' },
    });
    expect(decision).toEqual({
      allowed: false,
      code: 'approval_required',
      message: 'tool requires explicit approval',
    });
  });

  it('should check path fields before argument fields', async () => {
    const decision = await evaluate({
      policy: { path_fields: [{ field: 'path' }], arg_fields: [{ field: 'ref', max_length: 1 }] },
      args: { path: '/etc', ref: 'main' },
    });
    expect(decision).toEqual(denied('path escapes workspace'));
  });

  it('should check argument fields before metadata allowlists', async () => {
    const decision = await evaluate({
      policy: {
        arg_fields: [{ field: 'ref', max_length: 1 }],
        profile_fields: [{ field: 'profile_id' }],
      },
      metadata: { allowed_profiles: 'dev' },
      args: { ref: 'main', profile_id: 'prod' },
    });
    expect(decision).toEqual(denied('argument not allowed by policy'));
  });

  it('should deny on a metadata allowlist when everything before it passes', async () => {
    const decision = await evaluate({
      policy: imageBuild,
      metadata: { allowed_image_registries: 'ghcr.io/acme/' },
      args: { context_path: '.', push: true },
    });
    expect(decision).toEqual(denied('registry not allowed'));
  });

  it('should allow image.build without push whatever the tag when registries are restricted', async () => {
    const decision = await evaluate({
      policy: imageBuild,
      metadata: { allowed_image_registries: 'ghcr.io/acme/' },
      args: { context_path: '.', tag: 'quay.io/x/y' },
    });
    expect(decision).toEqual({ allowed: true });
  });

  it('should reject with the original error when a rule fails unexpectedly', async () => {
    const failure = new Error('disk on fire');
    const decision = evaluate({
      policy: { path_fields: [{ field: 'path' }] },
      args: { path: 'src' },
      workspace: { resolve: () => Promise.reject(failure) },
    });
    await expect(decision).rejects.toBe(failure);
  });
});
