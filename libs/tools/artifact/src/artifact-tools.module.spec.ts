import { Test } from '@nestjs/testing';

import { ToolRegistry, ToolRegistryModule } from '#app/tool-registry';
import { ArtifactToolsModule } from './artifact-tools.module.js';

describe('ArtifactToolsModule', () => {
  let registry: ToolRegistry;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ToolRegistryModule, ArtifactToolsModule],
    }).compile();
    await moduleRef.init();
    registry = moduleRef.get(ToolRegistry);
  });

  it.each([
    ['artifact.download', 'none', 'guaranteed', 2048],
    ['artifact.list', 'none', 'guaranteed', 1024],
    ['artifact.upload', 'reversible', 'best-effort', 1024],
  ])('should publish the catalog row of %s', (name, sideEffects, idempotency, outputKb) => {
    expect(registry.get(name)?.capability).toMatchObject({
      scope: 'workspace',
      side_effects: sideEffects,
      risk_level: 'low',
      requires_approval: false,
      idempotency,
      constraints: { timeout_seconds: 45, max_retries: 0, output_limit_kb: outputKb },
      policy: { path_fields: [{ field: 'path', workspace_relative: true }] },
    });
  });

  it('should enforce the documented ranges', () => {
    expect(registry.validateArgs('artifact.upload', { path: 'x', max_bytes: 1023 }).ok).toBe(false);
    expect(registry.validateArgs('artifact.download', { path: 'x', encoding: 'hex' }).ok).toBe(
      false,
    );
    expect(registry.validateArgs('artifact.list', { max_entries: 2001 }).ok).toBe(false);
  });
});
