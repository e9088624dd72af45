import { Test } from '@nestjs/testing';
import { ConfigModule, loadAppConfig } from '#app/config';
import { ToolRegistry, ToolRegistryModule } from '#app/tool-registry';
import { RedisToolsModule } from './redis-tools.module.js';

// CATALOG.md 2 rows 68–74 and the key-prefix bindings of section 22.
const TABLE: Array<[string, string, string, boolean, string, number, number, object]> = [
  [
    'redis.del',
    'irreversible',
    'medium',
    true,
    'best-effort',
    15,
    128,
    { field: 'keys', multi: true },
  ],
  ['redis.exists', 'none', 'low', false, 'guaranteed', 15, 128, { field: 'keys', multi: true }],
  ['redis.get', 'none', 'low', false, 'guaranteed', 15, 1024, { field: 'key' }],
  ['redis.mget', 'none', 'low', false, 'guaranteed', 20, 2048, { field: 'keys', multi: true }],
  ['redis.scan', 'none', 'low', false, 'best-effort', 20, 2048, { field: 'prefix' }],
  ['redis.set', 'reversible', 'medium', true, 'best-effort', 15, 128, { field: 'key' }],
  ['redis.ttl', 'none', 'low', false, 'guaranteed', 15, 128, { field: 'key' }],
];

describe('RedisToolsModule', () => {
  let registry: ToolRegistry;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(loadAppConfig({})), ToolRegistryModule, RedisToolsModule],
    }).compile();
    await moduleRef.init();
    registry = moduleRef.get(ToolRegistry);
  });

  it('should register exactly the seven redis tools', () => {
    expect(registry.list().map((tool) => tool.capability.name)).toEqual(
      TABLE.map(([name]) => name),
    );
  });

  it.each(TABLE)(
    'should publish the catalog row of %s',
    (name, sideEffects, risk, approval, idempotency, timeout, kb, binding) => {
      expect(registry.get(name)?.capability).toMatchObject({
        scope: 'external',
        side_effects: sideEffects,
        risk_level: risk,
        requires_approval: approval,
        idempotency,
        constraints: { timeout_seconds: timeout, max_retries: 0, output_limit_kb: kb },
        policy: { profile_fields: [{ field: 'profile_id' }], key_prefix_fields: [binding] },
      });
    },
  );

  it('should refuse TTL 0, TTL over 7 days, a missing TTL and key lists outside 1–200 items', () => {
    const set = { profile_id: 'p', key: 'k', value: '' };
    expect(registry.validateArgs('redis.set', { ...set, ttl_seconds: 0 }).ok).toBe(false);
    expect(registry.validateArgs('redis.set', { ...set, ttl_seconds: 604_801 }).ok).toBe(false);
    expect(registry.validateArgs('redis.set', set).ok).toBe(false);
    expect(registry.validateArgs('redis.set', { ...set, ttl_seconds: 604_800 }).ok).toBe(true);
    expect(registry.validateArgs('redis.del', { profile_id: 'p', keys: [] }).ok).toBe(false);
    expect(
      registry.validateArgs('redis.mget', {
        profile_id: 'p',
        keys: Array.from({ length: 201 }, (_, i) => `k${i}`),
      }).ok,
    ).toBe(false);
    expect(
      registry.validateArgs('redis.scan', { profile_id: 'p', prefix: 'x', max_keys: 1001 }).ok,
    ).toBe(false);
  });
});
