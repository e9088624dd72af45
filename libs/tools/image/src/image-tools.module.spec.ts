import { Test } from '@nestjs/testing';
import { ToolRegistry, ToolRegistryModule } from '#app/tool-registry';
import { ImageToolsModule } from './image-tools.module.js';

describe('ImageToolsModule', () => {
  let registry: ToolRegistry;

  beforeAll(async () => {
    // Registration compiles every schema and validates every example (CATALOG.md 1.9).
    const moduleRef = await Test.createTestingModule({
      imports: [ToolRegistryModule, ImageToolsModule],
    }).compile();
    await moduleRef.init();
    registry = moduleRef.get(ToolRegistry);
  });

  it('should publish catalog rows 80–82', () => {
    expect(registry.get('image.build')?.capability).toMatchObject({
      scope: 'repo',
      side_effects: 'reversible',
      risk_level: 'medium',
      requires_approval: true,
      idempotency: 'best-effort',
      constraints: { timeout_seconds: 300, max_retries: 0, output_limit_kb: 4096 },
      policy: {
        path_fields: [
          { field: 'context_path', workspace_relative: true },
          { field: 'dockerfile_path', workspace_relative: true },
        ],
        registry_fields: ['tag'],
        registry_requires_flag: 'push',
      },
    });
    expect(registry.get('image.push')?.capability).toMatchObject({
      scope: 'repo',
      side_effects: 'irreversible',
      risk_level: 'medium',
      requires_approval: true,
      idempotency: 'best-effort',
      constraints: { timeout_seconds: 180, max_retries: 0, output_limit_kb: 4096 },
      policy: { registry_fields: ['image_ref'] },
    });
    expect(registry.get('image.inspect')?.capability).toMatchObject({
      scope: 'repo',
      side_effects: 'none',
      risk_level: 'low',
      requires_approval: false,
      idempotency: 'guaranteed',
      constraints: { timeout_seconds: 60, max_retries: 0, output_limit_kb: 1024 },
    });
  });

  it('should enforce the documented argument ranges', () => {
    expect(registry.validateArgs('image.push', {}).ok).toBe(false);
    expect(registry.validateArgs('image.push', { image_ref: 'a:1', max_retries: 6 }).ok).toBe(
      false,
    );
    expect(registry.validateArgs('image.build', { max_issues: 0 }).ok).toBe(false);
    expect(registry.validateArgs('image.inspect', { max_issues: 2000 }).ok).toBe(true);
  });
});
