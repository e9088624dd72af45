import type { ConnectionProfile } from './connection-profile.js';

/** CATALOG.md 3.11: used when `connection_profiles_json` yields no valid profile. All read-only. */
export const BUILT_IN_PROFILES: readonly ConnectionProfile[] = Object.freeze([
  profile('dev.nats', 'nats', 'Development NATS', { subjects: ['sandbox.>', 'dev.>'] }),
  profile('dev.kafka', 'kafka', 'Development Kafka', { topics: ['sandbox.', 'dev.'] }),
  profile('dev.rabbit', 'rabbitmq', 'Development RabbitMQ', { queues: ['sandbox.', 'dev.'] }),
  profile('dev.redis', 'redis', 'Development Redis/Valkey', { key_prefixes: ['sandbox:', 'dev:'] }),
  profile('dev.mongo', 'mongo', 'Development MongoDB', { databases: ['sandbox', 'dev'] }),
]);

/** CONFIG.md 3: fallback endpoints of the five built-in ids (still subject to the host allowlist). */
export const BUILT_IN_ENDPOINTS: Readonly<Record<string, string>> = Object.freeze({
  'dev.nats': 'nats://nats.swe-ai-fleet.svc.cluster.local:4222',
  'dev.kafka': 'kafka.swe-ai-fleet.svc.cluster.local:9092',
  'dev.rabbit': 'amqp://guest:guest@rabbitmq.swe-ai-fleet.svc.cluster.local:5672/',
  'dev.redis': 'valkey.swe-ai-fleet.svc.cluster.local:6379',
  'dev.mongo': 'mongodb://mongodb.swe-ai-fleet.svc.cluster.local:27017',
});

function profile(
  id: string,
  kind: string,
  description: string,
  scopes: Record<string, string[]>,
): ConnectionProfile {
  return Object.freeze({ id, kind, description, read_only: true, scopes: Object.freeze(scopes) });
}
