import { BUILT_IN_PROFILES, ConnectionLeases, ConnectionProfiles } from '#app/connections';
import {
  CLOSED_LOCAL_PORT,
  profilesMetadata,
  serverProfiles,
} from './connection-tool-context.fixture.js';

/** The real local services of the development machine and CI (loopback only). */
export const LOCAL_SERVICES = {
  nats: { host: '127.0.0.1', port: 4222, endpoint: 'nats://127.0.0.1:4222' },
  rabbitmq: { host: '127.0.0.1', port: 5672, endpoint: 'amqp://guest:guest@127.0.0.1:5672/' },
  redis: { host: '127.0.0.1', port: 6379, endpoint: '127.0.0.1:6379' },
} as const;

export type LocalKind = keyof typeof LOCAL_SERVICES;

/**
 * Four profiles of one kind for a test run: `test.<kind>` (writable, reachable), `ro.<kind>`
 * (read-only, reachable), `down.<kind>` (writable, closed local port) and `other.kind` (a profile
 * of another kind) — each with the given scope list.
 */
export function localProfiles(
  kind: LocalKind,
  scopes: Record<string, string[]>,
  extra: Record<string, string> = {},
): { profiles: ConnectionProfiles; leases: ConnectionLeases; metadata: Record<string, string> } {
  const service = LOCAL_SERVICES[kind];
  const down = service.endpoint.replace(`:${service.port}`, `:${CLOSED_LOCAL_PORT}`);
  const entries = [
    { id: `test.${kind}`, kind, read_only: false, scopes },
    { id: `ro.${kind}`, kind, read_only: true, scopes },
    { id: `down.${kind}`, kind, read_only: false, scopes },
    { id: 'other.kind', kind: kind === 'redis' ? 'nats' : 'redis', scopes },
  ];
  // The same list is the server configuration (beside the built-in table, for sessions without a
  // list) and the session list (a narrowing that changes nothing).
  const profiles = new ConnectionProfiles({
    endpoints: {
      [`test.${kind}`]: service.endpoint,
      [`ro.${kind}`]: service.endpoint,
      [`down.${kind}`]: down,
    },
    hostAllowlist: null,
    profiles: [...serverProfiles(entries), ...BUILT_IN_PROFILES],
  });
  const metadata = profilesMetadata(entries, extra);
  return { profiles, leases: new ConnectionLeases(), metadata };
}
