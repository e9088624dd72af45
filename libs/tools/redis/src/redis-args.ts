import { AppException } from '#app/errors';
import {
  assertInMetadataAllowlist,
  assertInScope,
  type ConnectionProfile,
  inMetadataAllowlist,
  inScope,
  type ConnectionProfiles,
  keyPrefixMatcher,
} from '#app/connections';

/** Steps 1–2 of CATALOG.md 3.11 for kind `redis`. */
export function redisProfile(
  profiles: ConnectionProfiles,
  metadata: Readonly<Record<string, string>>,
  profileId: string,
): ConnectionProfile {
  return profiles.profileFor(metadata, profileId, 'redis');
}

/** Session metadata allowlist of Redis key prefixes (API.md 7.6). */
export const KEY_PREFIX_METADATA_KEY = 'allowed_redis_key_prefixes';

/**
 * Each key must be non-empty, start with an item of the session's `allowed_redis_key_prefixes`
 * (when set; the policy step skips empty values, so the handler repeats it) and with one of the
 * profile's `key_prefixes` (or the list holds `*`).
 *
 * @throws AppException `invalid_argument` `key must not be empty`; `policy_denied`
 *   `key prefix not allowed` / `key outside profile allowlist`
 */
export function assertKeysInScope(
  profile: ConnectionProfile,
  keys: readonly string[],
  metadata: Readonly<Record<string, string>>,
): void {
  for (const key of keys) {
    if (key === '') {
      throw new AppException('invalid_argument', 'key must not be empty');
    }
    assertInMetadataAllowlist(
      metadata,
      KEY_PREFIX_METADATA_KEY,
      key,
      keyPrefixMatcher,
      'key prefix',
    );
    assertInScope(profile, 'key_prefixes', key, keyPrefixMatcher, 'key');
  }
}

/** True when a key returned by the server passes both allowlists (used to filter SCAN pages). */
export function keyInScope(
  profile: ConnectionProfile,
  key: string,
  metadata: Readonly<Record<string, string>>,
): boolean {
  return (
    key !== '' &&
    inMetadataAllowlist(metadata, KEY_PREFIX_METADATA_KEY, key, keyPrefixMatcher) &&
    inScope(profile, 'key_prefixes', key, keyPrefixMatcher)
  );
}
