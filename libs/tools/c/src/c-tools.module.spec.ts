import { Test } from '@nestjs/testing';

import { ToolRegistry, ToolRegistryModule } from '#app/tool-registry';
import { CToolsModule } from './c-tools.module.js';

describe('CToolsModule', () => {
  let registry: ToolRegistry;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ToolRegistryModule, CToolsModule],
    }).compile();
    await moduleRef.init();
    registry = moduleRef.get(ToolRegistry);
  });

  it.each([
    ['c.build', 1024],
    ['c.test', 2048],
  ])('should publish the catalog row of %s', (name, kb) => {
    expect(registry.get(name)?.capability).toMatchObject({
      scope: 'repo',
      side_effects: 'reversible',
      risk_level: 'medium',
      requires_approval: false,
      idempotency: 'best-effort',
      constraints: { timeout_seconds: 180, max_retries: 0, output_limit_kb: kb },
      policy: { path_fields: [{ field: 'source', workspace_relative: true }] },
    });
  });

  it('should accept only the listed standards', () => {
    expect(registry.list()).toHaveLength(2);
    expect(registry.validateArgs('c.build', { standard: 'c23' }).ok).toBe(true);
    expect(registry.validateArgs('c.test', { standard: 'gnu11' }).ok).toBe(false);
  });
});
