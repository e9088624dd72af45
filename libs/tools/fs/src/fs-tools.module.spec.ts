import { Test } from '@nestjs/testing';

import { ToolRegistry, ToolRegistryModule } from '#app/tool-registry';
import { FsToolsModule } from './fs-tools.module.js';

// CATALOG.md 2 rows 1–10: scope, side effects, risk, approval, idempotency, timeout, retries, KB.
const TABLE: Array<[string, string, string, boolean, string, number, number]> = [
  ['fs.list', 'none', 'low', false, 'guaranteed', 15, 256],
  ['fs.read_file', 'none', 'low', false, 'guaranteed', 20, 1024],
  ['fs.write_file', 'reversible', 'medium', true, 'best-effort', 20, 256],
  ['fs.mkdir', 'reversible', 'medium', false, 'best-effort', 20, 64],
  ['fs.move', 'reversible', 'medium', false, 'best-effort', 20, 64],
  ['fs.copy', 'reversible', 'medium', false, 'best-effort', 25, 64],
  ['fs.delete', 'irreversible', 'high', true, 'best-effort', 20, 64],
  ['fs.stat', 'none', 'low', false, 'guaranteed', 15, 64],
  ['fs.patch', 'reversible', 'medium', true, 'best-effort', 45, 1024],
  ['fs.search', 'none', 'low', false, 'guaranteed', 30, 512],
];

describe('FsToolsModule', () => {
  let registry: ToolRegistry;

  beforeAll(async () => {
    // Registration compiles every schema and validates every example (CATALOG.md 1.9).
    const moduleRef = await Test.createTestingModule({
      imports: [ToolRegistryModule, FsToolsModule],
    }).compile();
    await moduleRef.init();
    registry = moduleRef.get(ToolRegistry);
  });

  it('should register exactly the ten fs tools when the module is loaded', () => {
    expect(registry.list().map((tool) => tool.capability.name)).toEqual(
      TABLE.map(([name]) => name).sort(),
    );
  });

  it.each(TABLE)(
    'should publish the catalog row of %s',
    (name, sideEffects, risk, approval, idempotency, timeout, outputKb) => {
      const capability = registry.get(name)?.capability;
      expect(capability).toMatchObject({
        scope: 'workspace',
        side_effects: sideEffects,
        risk_level: risk,
        requires_approval: approval,
        idempotency,
        constraints: { timeout_seconds: timeout, max_retries: 0, output_limit_kb: outputKb },
      });
      expect(capability?.input_schema['additionalProperties']).toBe(false);
      expect(capability?.examples?.length).toBeGreaterThan(0);
    },
  );

  it('should declare every path argument as a workspace-relative policy path field', () => {
    const fields = (name: string): unknown => registry.get(name)?.capability.policy.path_fields;
    expect(fields('fs.move')).toEqual([
      { field: 'source_path', workspace_relative: true },
      { field: 'destination_path', workspace_relative: true },
    ]);
    expect(fields('fs.search')).toEqual([{ field: 'path', workspace_relative: true }]);
    expect(registry.get('fs.patch')?.capability.policy).toEqual({});
  });

  it('should reject args outside the documented ranges', () => {
    expect(registry.validateArgs('fs.list', { max_entries: 1001 }).ok).toBe(false);
    expect(registry.validateArgs('fs.mkdir', { path: 'x', mode: '0o999' }).ok).toBe(false);
    expect(registry.validateArgs('fs.mkdir', { path: 'x', mode: '0o750' }).ok).toBe(true);
    expect(
      registry.validateArgs('fs.write_file', { path: 'x', content: '', encoding: 'hex' }).ok,
    ).toBe(false);
    expect(registry.validateArgs('fs.read_file', { path: 'x', extra: 1 }).ok).toBe(false);
  });
});
