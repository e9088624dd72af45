import { Test } from '@nestjs/testing';
import { ConfigModule, loadAppConfig } from '#app/config';
import { ToolRegistry, ToolRegistryModule } from '#app/tool-registry';
import { NatsToolsModule } from './nats-tools.module.js';

// CATALOG.md 2 rows 59–61: side effects, risk, approval, idempotency, timeout, KB.
const TABLE: Array<[string, string, string, boolean, string, number, number]> = [
  ['nats.publish', 'reversible', 'medium', true, 'best-effort', 20, 256],
  ['nats.request', 'reversible', 'medium', false, 'best-effort', 20, 1024],
  ['nats.subscribe_pull', 'none', 'medium', false, 'best-effort', 30, 2048],
];

describe('NatsToolsModule', () => {
  let registry: ToolRegistry;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(loadAppConfig({})), ToolRegistryModule, NatsToolsModule],
    }).compile();
    await moduleRef.init();
    registry = moduleRef.get(ToolRegistry);
  });

  it('should register exactly the three nats tools', () => {
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
        policy: {
          profile_fields: [{ field: 'profile_id' }],
          subject_fields: [{ field: 'subject' }],
        },
      });
    },
  );

  it('should enforce the numeric convention and enums in the schema', () => {
    const base = { profile_id: 'p', subject: 's' };
    expect(registry.validateArgs('nats.request', { ...base, timeout_ms: 99 }).ok).toBe(false);
    expect(registry.validateArgs('nats.request', { ...base, timeout_ms: 10_001 }).ok).toBe(false);
    expect(registry.validateArgs('nats.publish', { ...base, max_bytes: 1_048_577 }).ok).toBe(false);
    expect(registry.validateArgs('nats.publish', { ...base, payload_encoding: 'utf-8' }).ok).toBe(
      true,
    );
    expect(registry.validateArgs('nats.subscribe_pull', { ...base, max_messages: 101 }).ok).toBe(
      false,
    );
    expect(registry.validateArgs('nats.subscribe_pull', { ...base, deliver: 'first' }).ok).toBe(
      false,
    );
    expect(registry.validateArgs('nats.subscribe_pull', { subject: 's' }).ok).toBe(false);
  });
});
