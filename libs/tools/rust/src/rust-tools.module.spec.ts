import { Test } from '@nestjs/testing';

import { ToolRegistry, ToolRegistryModule } from '#app/tool-registry';
import { RustToolsModule } from './rust-tools.module.js';

// CATALOG.md 2 rows 40–43: repo scope, reversible, no approval, best-effort, 0 retries, no examples.
const TABLE: Array<[string, string, number, number]> = [
  ['rust.build', 'medium', 300, 2048],
  ['rust.clippy', 'medium', 300, 2048],
  ['rust.format', 'low', 180, 1024],
  ['rust.test', 'medium', 300, 2048],
];

describe('RustToolsModule', () => {
  let registry: ToolRegistry;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ToolRegistryModule, RustToolsModule],
    }).compile();
    await moduleRef.init();
    registry = moduleRef.get(ToolRegistry);
  });

  it('should register exactly the four rust tools when the module is loaded', () => {
    expect(registry.list().map((tool) => tool.capability.name)).toEqual(
      TABLE.map(([name]) => name),
    );
  });

  it.each(TABLE)('should publish the catalog row of %s', (name, risk, timeout, kb) => {
    const capability = registry.get(name)?.capability;
    expect(capability).toMatchObject({
      scope: 'repo',
      side_effects: 'reversible',
      risk_level: risk,
      requires_approval: false,
      idempotency: 'best-effort',
      constraints: { timeout_seconds: timeout, max_retries: 0, output_limit_kb: kb },
      policy: {},
    });
    expect(capability?.examples).toBeUndefined();
  });
});
