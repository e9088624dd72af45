import { Test } from '@nestjs/testing';

import { ToolRegistry, ToolRegistryModule } from '#app/tool-registry';
import { GoToolsModule } from './go-tools.module.js';

// CATALOG.md 2 rows 36–39: all repo scope, reversible, medium, no approval, best-effort, 0 retries.
const TABLE: Array<[string, number, number]> = [
  ['go.build', 300, 2048],
  ['go.generate', 180, 1024],
  ['go.mod.tidy', 180, 1024],
  ['go.test', 300, 2048],
];

describe('GoToolsModule', () => {
  let registry: ToolRegistry;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ToolRegistryModule, GoToolsModule],
    }).compile();
    await moduleRef.init();
    registry = moduleRef.get(ToolRegistry);
  });

  it('should register exactly the four go tools when the module is loaded', () => {
    expect(registry.list().map((tool) => tool.capability.name)).toEqual(
      TABLE.map(([name]) => name),
    );
  });

  it.each(TABLE)('should publish the catalog row of %s', (name, timeout, kb) => {
    const capability = registry.get(name)?.capability;
    expect(capability).toMatchObject({
      scope: 'repo',
      side_effects: 'reversible',
      risk_level: 'medium',
      requires_approval: false,
      idempotency: 'best-effort',
      constraints: { timeout_seconds: timeout, max_retries: 0, output_limit_kb: kb },
      policy: {},
    });
    expect(Object.keys(capability?.output_schema['properties'] as object)).toEqual(
      expect.arrayContaining(['exit_code', 'diagnostics', 'command', 'output', 'summary']),
    );
  });

  it('should reject args outside the schema', () => {
    expect(registry.validateArgs('go.build', { race: 'yes' }).ok).toBe(false);
    expect(registry.validateArgs('go.test', { coverage: true, package: './...' }).ok).toBe(true);
    expect(registry.validateArgs('go.mod.tidy', { unknown: 1 }).ok).toBe(false);
  });
});
