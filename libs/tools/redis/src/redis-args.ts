import type { JsonObject } from '#app/contracts';
import {
  assertInScope,
  type ConnectionProfile,
  type ConnectionProfiles,
  keyPrefixMatcher,
  readString,
} from '#app/connections';

/** Steps 1–2 of CATALOG.md 3.11 for kind `redis`. */
export function redisProfile(
  profiles: ConnectionProfiles,
  metadata: Readonly<Record<string, string>>,
  args: JsonObject,
): ConnectionProfile {
  return profiles.profileFor(metadata, readString(args, 'profile_id'), 'redis');
}

/**
 * Each key must start with one of the profile's `key_prefixes` (or the list holds `*`).
 *
 * @throws AppException `policy_denied` `key outside profile allowlist`
 */
export function assertKeysInScope(profile: ConnectionProfile, keys: readonly string[]): void {
  for (const key of keys) {
    assertInScope(profile, 'key_prefixes', key, keyPrefixMatcher, 'key');
  }
}
