import { Test } from '@nestjs/testing';

import { ToolRegistry, ToolRegistryModule } from '#app/tool-registry';
import { NodeToolsModule } from './node-tools.module.js';

// CATALOG.md 2 rows 44–48 (repo, reversible, medium, no approval, best-effort, 0 retries, 2048 KB).
const TABLE: Array<[string, number]> = [
  ['node.build', 300],
  ['node.install', 300],
  ['node.lint', 240],
  ['node.test', 300],
  ['node.typecheck', 240],
];

describe('NodeToolsModule', () => {
  let registry: ToolRegistry;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ToolRegistryModule, NodeToolsModule],
    }).compile();
    await moduleRef.init();
    registry = moduleRef.get(ToolRegistry);
  });

  it('should register exactly the five node tools when the module is loaded', () => {
    expect(registry.list().map((tool) => tool.capability.name)).toEqual(
      TABLE.map(([name]) => name),
    );
  });

  it.each(TABLE)('should publish the catalog row of %s', (name, timeout) => {
    expect(registry.get(name)?.capability).toMatchObject({
      scope: 'repo',
      side_effects: 'reversible',
      risk_level: 'medium',
      requires_approval: false,
      idempotency: 'best-effort',
      constraints: { timeout_seconds: timeout, max_retries: 0, output_limit_kb: 2048 },
    });
  });

  it('should bind target as a path field for the script tools and nothing for install', () => {
    for (const name of ['node.build', 'node.test', 'node.lint', 'node.typecheck']) {
      expect(registry.get(name)?.capability.policy).toEqual({
        path_fields: [{ field: 'target', workspace_relative: true }],
      });
    }
    expect(registry.get('node.install')?.capability.policy).toEqual({});
  });
});
