import { Test } from '@nestjs/testing';
import { ConfigModule, loadAppConfig } from '#app/config';
import { ToolRegistry, ToolRegistryModule } from '#app/tool-registry';
import { RabbitToolsModule } from './rabbit-tools.module.js';

// CATALOG.md 2 rows 65–67.
const TABLE: Array<[string, string, string, boolean, string, number, number]> = [
  ['rabbit.consume', 'none', 'medium', false, 'best-effort', 30, 2048],
  ['rabbit.publish', 'reversible', 'medium', true, 'best-effort', 20, 256],
  ['rabbit.queue_info', 'none', 'low', false, 'guaranteed', 20, 256],
];

describe('RabbitToolsModule', () => {
  let registry: ToolRegistry;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(loadAppConfig({})), ToolRegistryModule, RabbitToolsModule],
    }).compile();
    await moduleRef.init();
    registry = moduleRef.get(ToolRegistry);
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
        policy: { profile_fields: [{ field: 'profile_id' }], queue_fields: [{ field: 'queue' }] },
      });
    },
  );

  it('should enforce the documented ranges in the schema', () => {
    const base = { profile_id: 'p', queue: 'q' };
    expect(registry.validateArgs('rabbit.consume', { ...base, max_messages: 201 }).ok).toBe(false);
    expect(registry.validateArgs('rabbit.consume', { ...base, max_messages: 200 }).ok).toBe(true);
    expect(registry.validateArgs('rabbit.publish', { ...base, payload_encoding: 'utf-8' }).ok).toBe(
      false,
    );
    expect(registry.validateArgs('rabbit.queue_info', { ...base, timeout_ms: 50 }).ok).toBe(false);
  });
});
