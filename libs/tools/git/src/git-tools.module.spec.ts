import { Test } from '@nestjs/testing';

import { ConfigModule, loadAppConfig } from '#app/config';
import { ToolRegistry, ToolRegistryModule } from '#app/tool-registry';
import { GitToolsModule } from './git-tools.module.js';

const SHELL_DENY = [';', '|', '&', '`', '$(', '>', '<', '\n', '\r'];

// CATALOG.md 2 rows 11–21: side effects, risk, approval, idempotency, timeout, retries, KB.
const TABLE: Array<[string, string, string, boolean, string, number, number, number]> = [
  ['git.status', 'none', 'low', false, 'guaranteed', 20, 1, 256],
  ['git.diff', 'none', 'low', false, 'guaranteed', 30, 1, 1024],
  ['git.apply_patch', 'reversible', 'medium', true, 'best-effort', 45, 0, 512],
  ['git.checkout', 'reversible', 'medium', false, 'best-effort', 30, 0, 512],
  ['git.log', 'none', 'low', false, 'guaranteed', 20, 1, 1024],
  ['git.show', 'none', 'low', false, 'guaranteed', 30, 1, 1024],
  ['git.branch_list', 'none', 'low', false, 'guaranteed', 20, 1, 512],
  ['git.commit', 'irreversible', 'medium', true, 'none', 30, 0, 512],
  ['git.push', 'irreversible', 'high', true, 'best-effort', 60, 0, 1024],
  ['git.fetch', 'reversible', 'medium', true, 'best-effort', 60, 0, 1024],
  ['git.pull', 'reversible', 'medium', true, 'best-effort', 60, 0, 1024],
];

describe('GitToolsModule', () => {
  let registry: ToolRegistry;

  beforeAll(async () => {
    // Registration compiles every schema and validates every example (CATALOG.md 1.9).
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(loadAppConfig({})), ToolRegistryModule, GitToolsModule],
    }).compile();
    await moduleRef.init();
    registry = moduleRef.get(ToolRegistry);
  });

  it('should register exactly the eleven git tools when the module is loaded', () => {
    expect(registry.list().map((tool) => tool.capability.name)).toEqual(
      TABLE.map(([name]) => name).sort(),
    );
  });

  it.each(TABLE)(
    'should publish the catalog row of %s',
    (name, sideEffects, risk, approval, idempotency, timeout, retries, outputKb) => {
      const capability = registry.get(name)?.capability;
      expect(capability).toMatchObject({
        scope: 'repo',
        side_effects: sideEffects,
        risk_level: risk,
        requires_approval: approval,
        idempotency,
        constraints: { timeout_seconds: timeout, max_retries: retries, output_limit_kb: outputKb },
      });
      expect(capability?.input_schema['additionalProperties']).toBe(false);
      expect(capability?.output_schema['properties']).toMatchObject({
        command: { type: 'array' },
        exit_code: { type: 'integer' },
      });
      expect(capability?.examples?.length).toBeGreaterThan(0);
    },
  );

  it('should publish the policy bindings of CATALOG.md 22', () => {
    const policy = (name: string): unknown => registry.get(name)?.capability.policy;
    const ref = (field: string): unknown => ({
      field,
      max_length: 256,
      deny_characters: SHELL_DENY,
    });
    const remotePolicy = {
      arg_fields: [
        { field: 'remote', max_length: 128, deny_characters: [...SHELL_DENY, ' '] },
        { field: 'refspec', max_length: 512, deny_characters: [...SHELL_DENY, ' '] },
      ],
    };
    expect(policy('git.diff')).toEqual({
      path_fields: [{ field: 'paths', multi: true, workspace_relative: true }],
    });
    expect(policy('git.show')).toEqual({
      path_fields: [{ field: 'path', workspace_relative: true }],
      arg_fields: [ref('ref')],
    });
    expect(policy('git.checkout')).toEqual({ arg_fields: [ref('ref'), ref('start_point')] });
    expect(policy('git.log')).toEqual({ arg_fields: [ref('ref')] });
    expect(policy('git.commit')).toEqual({
      path_fields: [{ field: 'paths', multi: true, workspace_relative: true }],
      arg_fields: [{ field: 'message', max_length: 1024, deny_characters: ['\u0000'] }],
    });
    for (const name of ['git.push', 'git.fetch', 'git.pull']) {
      expect(policy(name)).toEqual(remotePolicy);
    }
    for (const name of ['git.status', 'git.apply_patch', 'git.branch_list']) {
      expect(policy(name)).toEqual({});
    }
  });

  it('should reject args outside the documented ranges', () => {
    expect(registry.validateArgs('git.log', { max_count: 201 }).ok).toBe(false);
    expect(registry.validateArgs('git.log', { max_count: 0 }).ok).toBe(false);
    expect(registry.validateArgs('git.checkout', {}).ok).toBe(false);
    expect(registry.validateArgs('git.commit', { message: 'x', paths: [1] }).ok).toBe(false);
    expect(registry.validateArgs('git.status', { colour: true }).ok).toBe(false);
    expect(registry.validateArgs('git.apply_patch', { patch: 'x', check: true }).ok).toBe(true);
  });
});
