import { Test } from '@nestjs/testing';

import { ToolRegistry, ToolRegistryModule } from '#app/tool-registry';
import { RepoToolsModule } from './repo-tools.module.js';

// CATALOG.md 2 rows 22–35: side effects, risk, idempotency, timeout, KB (all repo, no approval, 0 retries).
const TABLE: Array<[string, string, string, string, number, number]> = [
  ['repo.detect_project_type', 'none', 'low', 'guaranteed', 15, 64],
  ['repo.detect_toolchain', 'none', 'low', 'guaranteed', 20, 64],
  ['repo.validate', 'reversible', 'medium', 'best-effort', 180, 2048],
  ['repo.build', 'reversible', 'medium', 'best-effort', 240, 2048],
  ['repo.test', 'reversible', 'medium', 'best-effort', 180, 2048],
  ['repo.run_tests', 'reversible', 'medium', 'best-effort', 180, 2048],
  ['repo.test_failures_summary', 'reversible', 'low', 'best-effort', 180, 1024],
  ['repo.stacktrace_summary', 'reversible', 'low', 'best-effort', 180, 1024],
  ['repo.changed_files', 'none', 'low', 'best-effort', 90, 1024],
  ['repo.symbol_search', 'none', 'low', 'best-effort', 120, 1024],
  ['repo.find_references', 'none', 'low', 'best-effort', 120, 1024],
  ['repo.coverage_report', 'reversible', 'medium', 'best-effort', 240, 2048],
  ['repo.static_analysis', 'none', 'low', 'best-effort', 180, 2048],
  ['repo.package', 'reversible', 'medium', 'best-effort', 300, 2048],
];

describe('RepoToolsModule', () => {
  let registry: ToolRegistry;

  beforeAll(async () => {
    // Registration compiles every schema and validates every example (CATALOG.md 1.9).
    const moduleRef = await Test.createTestingModule({
      imports: [ToolRegistryModule, RepoToolsModule],
    }).compile();
    await moduleRef.init();
    registry = moduleRef.get(ToolRegistry);
  });

  it('should register exactly the fourteen repo tools when the module is loaded', () => {
    expect(registry.list().map((tool) => tool.capability.name)).toEqual(
      TABLE.map(([name]) => name).sort(),
    );
  });

  it.each(TABLE)(
    'should publish the catalog row of %s',
    (name, sideEffects, risk, idempotency, timeout, kb) => {
      const capability = registry.get(name)?.capability;
      expect(capability).toMatchObject({
        scope: 'repo',
        side_effects: sideEffects,
        risk_level: risk,
        requires_approval: false,
        idempotency,
        constraints: { timeout_seconds: timeout, max_retries: 0, output_limit_kb: kb },
      });
      expect(capability?.input_schema['additionalProperties']).toBe(false);
    },
  );

  it('should bind the policies of CATALOG.md 22 when publishing the repo tools', () => {
    const policy = (name: string): unknown => registry.get(name)?.capability.policy;
    expect(policy('repo.build')).toEqual({
      arg_fields: [expect.objectContaining({ field: 'extra_args', max_items: 8 })],
    });
    for (const name of [
      'repo.test',
      'repo.run_tests',
      'repo.test_failures_summary',
      'repo.stacktrace_summary',
    ]) {
      const rules = (policy(name) as { arg_fields: Array<{ allowed_prefix: string[] }> })
        .arg_fields;
      expect(rules[0]?.allowed_prefix).not.toContain('-tags=');
    }
    expect(policy('repo.changed_files')).toEqual({
      path_fields: [{ field: 'path', workspace_relative: true }],
      arg_fields: [
        {
          field: 'base_ref',
          max_length: 120,
          deny_characters: [';', '|', '&', '`', '$(', '>', '<', '\n', '\r'],
        },
      ],
    });
    expect(policy('repo.find_references')).toEqual({
      path_fields: [{ field: 'path', workspace_relative: true }],
      arg_fields: [{ field: 'symbol', max_length: 160, deny_characters: ['\u0000', '\n', '\r'] }],
    });
    expect(policy('repo.validate')).toEqual({});
    expect(registry.get('repo.test')?.capability.input_schema).toEqual(
      registry.get('repo.run_tests')?.capability.input_schema,
    );
  });

  it('should reject args outside the documented ranges', () => {
    expect(registry.validateArgs('repo.test_failures_summary', { max_failures: 201 }).ok).toBe(
      false,
    );
    expect(registry.validateArgs('repo.stacktrace_summary', { max_frames: 81 }).ok).toBe(false);
    expect(registry.validateArgs('repo.symbol_search', {}).ok).toBe(false);
    expect(
      registry.validateArgs('repo.changed_files', { max_files: 2000, include_untracked: false }).ok,
    ).toBe(true);
    expect(registry.validateArgs('repo.detect_project_type', { x: 1 }).ok).toBe(false);
  });
});
