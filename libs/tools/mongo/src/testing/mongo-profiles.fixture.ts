import { ConnectionLeases, ConnectionProfiles } from '#app/connections';
import { CLOSED_LOCAL_PORT, profilesMetadata, serverProfiles } from '#app/connections/testing';

/**
 * Profiles for the wire fake: `test.mongo` (kind `mongo`), `alias.mongo` (kind `mongodb`),
 * `down.mongo` (a closed loopback port) and `other.kind` (a kafka profile).
 */
export function mongoProfiles(
  endpoint: string,
  databases: string[],
): { profiles: ConnectionProfiles; leases: ConnectionLeases; metadata: Record<string, string> } {
  const scopes = { databases };
  const entries = [
    { id: 'test.mongo', kind: 'mongo', read_only: true, scopes },
    { id: 'alias.mongo', kind: 'mongodb', read_only: true, scopes },
    { id: 'down.mongo', kind: 'mongo', read_only: true, scopes },
    { id: 'other.kind', kind: 'kafka', scopes },
  ];
  const profiles = new ConnectionProfiles({
    endpoints: {
      'test.mongo': endpoint,
      'alias.mongo': endpoint,
      'down.mongo': `mongodb://127.0.0.1:${CLOSED_LOCAL_PORT}`,
    },
    hostAllowlist: null,
    profiles: serverProfiles(entries),
  });
  const metadata = profilesMetadata(entries);
  return { profiles, leases: new ConnectionLeases(), metadata };
}
