import { Test } from '@nestjs/testing';
import { ConfigModule, loadAppConfig } from '#app/config';
import { ToolRegistry, ToolRegistryModule } from '#app/tool-registry';
import { ConnToolsModule } from './conn-tools.module.js';

describe('ConnToolsModule', () => {
  let registry: ToolRegistry;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(loadAppConfig({})), ToolRegistryModule, ConnToolsModule],
    }).compile();
    await moduleRef.init();
    registry = moduleRef.get(ToolRegistry);
  });

  it('should publish rows 56–57 of the catalog', () => {
    const common = {
      scope: 'workspace',
      side_effects: 'none',
      risk_level: 'low',
      requires_approval: false,
      idempotency: 'guaranteed',
    };
    expect(registry.get('conn.list_profiles')?.capability).toMatchObject({
      ...common,
      constraints: { timeout_seconds: 10, max_retries: 0, output_limit_kb: 256 },
      policy: {},
    });
    expect(registry.get('conn.describe_profile')?.capability).toMatchObject({
      ...common,
      constraints: { timeout_seconds: 10, max_retries: 0, output_limit_kb: 128 },
      policy: { profile_fields: [{ field: 'profile_id' }] },
    });
  });

  it('should refuse arguments to list_profiles and require profile_id for describe_profile', () => {
    expect(registry.validateArgs('conn.list_profiles', { x: 1 }).ok).toBe(false);
    expect(registry.validateArgs('conn.describe_profile', {}).ok).toBe(false);
  });
});
