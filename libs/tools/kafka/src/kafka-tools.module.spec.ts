import { Test } from '@nestjs/testing';
import { ConfigModule, loadAppConfig } from '#app/config';
import { ToolRegistry, ToolRegistryModule } from '#app/tool-registry';
import { KafkaToolsModule } from './kafka-tools.module.js';

// CATALOG.md 2 rows 62–64: side effects, risk, approval, idempotency, timeout, KB.
const TABLE: Array<[string, string, string, boolean, string, number, number]> = [
  ['kafka.consume', 'none', 'medium', false, 'best-effort', 30, 2048],
  ['kafka.produce', 'reversible', 'medium', true, 'best-effort', 20, 256],
  ['kafka.topic_metadata', 'none', 'low', false, 'guaranteed', 20, 512],
];

describe('KafkaToolsModule', () => {
  let registry: ToolRegistry;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(loadAppConfig({})), ToolRegistryModule, KafkaToolsModule],
    }).compile();
    await moduleRef.init();
    registry = moduleRef.get(ToolRegistry);
  });

  it('should register exactly the three kafka tools', () => {
    expect(registry.list().map((tool) => tool.capability.name)).toEqual(
      TABLE.map(([name]) => name),
    );
  });

  it.each(TABLE)(
    'should publish the catalog row of %s',
    (name, sideEffects, risk, approval, idempotency, timeout, kb) => {
      expect(registry.get(name)?.capability).toMatchObject({
        scope: 'external',
        side_effects: sideEffects,
        risk_level: risk,
        requires_approval: approval,
        idempotency,
        constraints: { timeout_seconds: timeout, max_retries: 0, output_limit_kb: kb },
        policy: { profile_fields: [{ field: 'profile_id' }], topic_fields: [{ field: 'topic' }] },
      });
    },
  );

  it('should enforce the documented ranges and the offset forms in the schema', () => {
    const base = { profile_id: 'p', topic: 't' };
    expect(registry.validateArgs('kafka.consume', { ...base, max_messages: 201 }).ok).toBe(false);
    expect(registry.validateArgs('kafka.consume', { ...base, offset: 'earliest' }).ok).toBe(true);
    expect(registry.validateArgs('kafka.consume', { ...base, offset: '42' }).ok).toBe(true);
    expect(registry.validateArgs('kafka.consume', { ...base, offset: 'first' }).ok).toBe(false);
    expect(registry.validateArgs('kafka.consume', { ...base, offset: -1 }).ok).toBe(false);
    expect(registry.validateArgs('kafka.consume', { ...base, partition: -1 }).ok).toBe(false);
    expect(registry.validateArgs('kafka.produce', { ...base, value_encoding: 'utf-8' }).ok).toBe(
      false,
    );
    expect(registry.validateArgs('kafka.topic_metadata', { ...base, timeout_ms: 500 }).ok).toBe(
      false,
    );
  });
});
