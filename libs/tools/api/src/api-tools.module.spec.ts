import { Test } from '@nestjs/testing';
import { ConfigModule, loadAppConfig } from '#app/config';
import { ToolRegistry, ToolRegistryModule } from '#app/tool-registry';
import { ApiToolsModule } from './api-tools.module.js';

describe('ApiToolsModule', () => {
  let registry: ToolRegistry;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(loadAppConfig({})), ToolRegistryModule, ApiToolsModule],
    }).compile();
    await moduleRef.init();
    registry = moduleRef.get(ToolRegistry);
  });

  // CATALOG.md 2 row 58 and 22.
  it('should publish the catalog row and policy of api.benchmark', () => {
    expect(registry.get('api.benchmark')?.capability).toMatchObject({
      scope: 'external',
      side_effects: 'reversible',
      risk_level: 'medium',
      requires_approval: true,
      idempotency: 'best-effort',
      constraints: { timeout_seconds: 120, max_retries: 0, output_limit_kb: 4096 },
      cost_hint: 'medium',
      policy: {
        profile_fields: [{ field: 'profile_id' }],
        arg_fields: [
          {
            field: 'request.path',
            max_length: 2048,
            allowed_prefix: ['/'],
            denied_prefix: ['http://', 'https://'],
            deny_characters: ['\n', '\r'],
          },
        ],
      },
    });
  });

  it('should enforce the hard caps on duration, VUs and rate in the schema', () => {
    const base = { profile_id: 'p', request: { path: '/' } };
    expect(
      registry.validateArgs('api.benchmark', { ...base, load: { duration_ms: 60_001 } }).ok,
    ).toBe(false);
    expect(registry.validateArgs('api.benchmark', { ...base, load: { duration_ms: 99 } }).ok).toBe(
      false,
    );
    expect(registry.validateArgs('api.benchmark', { ...base, load: { vus: 51 } }).ok).toBe(false);
    expect(
      registry.validateArgs('api.benchmark', { ...base, load: { mode: 'arrival_rate', rps: 201 } })
        .ok,
    ).toBe(false);
    expect(
      registry.validateArgs('api.benchmark', { ...base, request: { path: '/', method: 'TRACE' } })
        .ok,
    ).toBe(false);
    expect(
      registry.validateArgs('api.benchmark', { ...base, thresholds: { error_rate: 1.5 } }).ok,
    ).toBe(false);
    expect(
      registry.validateArgs('api.benchmark', {
        ...base,
        load: { mode: 'arrival_rate', rps: 200, vus: 50, duration_ms: 60_000 },
      }).ok,
    ).toBe(true);
  });
});
