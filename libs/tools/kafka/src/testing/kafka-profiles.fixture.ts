import { ConnectionLeases, ConnectionProfiles } from '#app/connections';
import { CLOSED_LOCAL_PORT, profilesMetadata, serverProfiles } from '#app/connections/testing';

/**
 * Profiles for the mock cluster: `test.kafka` (writable), `ro.kafka` (read-only), `down.kafka`
 * (a closed loopback port, behind a `kafka://` prefix) and `other.kind` (a redis profile).
 */
export function kafkaProfiles(
  bootstrap: string,
  topics: string[],
): { profiles: ConnectionProfiles; leases: ConnectionLeases; metadata: Record<string, string> } {
  const scopes = { topics };
  const entries = [
    { id: 'test.kafka', kind: 'kafka', read_only: false, scopes },
    { id: 'ro.kafka', kind: 'kafka', read_only: true, scopes },
    { id: 'down.kafka', kind: 'kafka', read_only: false, scopes },
    { id: 'other.kind', kind: 'redis', scopes },
  ];
  const profiles = new ConnectionProfiles({
    endpoints: {
      'test.kafka': bootstrap,
      'ro.kafka': `kafka://${bootstrap}`,
      'down.kafka': `tcp://127.0.0.1:${CLOSED_LOCAL_PORT}`,
    },
    hostAllowlist: null,
    profiles: serverProfiles(entries),
  });
  const metadata = profilesMetadata(entries);
  return { profiles, leases: new ConnectionLeases(), metadata };
}
