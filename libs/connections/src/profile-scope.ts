import { AppException } from '#app/errors';
import { isUnrestricted, matchesNatsSubject, matchesPattern, parseMetadataList } from '#app/policy';
import type { ConnectionProfile } from './connection-profile.js';

/** How a requested name is compared with one entry of a profile scope list. */
export type ScopeMatcher = (entry: string, value: string) => boolean;

/** Subjects by NATS token rules (API.md 7.6). */
export const subjectMatcher: ScopeMatcher = matchesNatsSubject;
/** Topics, queues and databases by the pattern rules of API.md 7.6. */
export const patternMatcher: ScopeMatcher = matchesPattern;
/** Redis keys by prefix; an entry `*` allows every key, an empty entry none. */
// An empty entry would be a wildcard in disguise (every key starts with ""): it matches nothing.
export const keyPrefixMatcher: ScopeMatcher = (entry, key) => entry !== '' && (entry === '*' || key.startsWith(entry));

/** The scope lists of a profile; `routes` falls back to `paths` (CATALOG.md 3.11). */
export function scopeList(profile: ConnectionProfile, name: string): string[] {
  const list = profile.scopes[name];
  if (name === 'routes' && (list === undefined || list.length === 0)) {
    return profile.scopes['paths'] ?? [];
  }
  return list ?? [];
}

/**
 * Handler governance (CATALOG.md 3.11 "Scope checks"): the value must match an entry of the
 * profile's scope list; a missing or empty list denies.
 *
 * @throws AppException `policy_denied` `<thing> outside profile allowlist`
 */
export function assertInScope(
  profile: ConnectionProfile,
  scope: string,
  value: string,
  matcher: ScopeMatcher,
  thing: string,
): void {
  if (!scopeList(profile, scope).some((entry) => matcher(entry, value))) {
    throw new AppException('policy_denied', `${thing} outside profile allowlist`);
  }
}

/**
 * Writing tools refuse read-only profiles before connecting (CATALOG.md 3.11).
 *
 * @throws AppException `policy_denied` `profile is read_only`
 */
export function assertWritable(profile: ConnectionProfile): void {
  if (profile.read_only) {
    throw new AppException('policy_denied', 'profile is read_only');
  }
}

/**
 * The session metadata allowlist of API.md 7.6 applied again in the handler, to values the policy
 * step does not see or skips (an empty string, a routing key, keys returned by the server). An
 * absent or empty list, or one holding `*`, allows everything, as in the policy step.
 *
 * @throws AppException `policy_denied` `<thing> not allowed`
 */
export function assertInMetadataAllowlist(
  metadata: Readonly<Record<string, string>>,
  key: string,
  value: string,
  matcher: ScopeMatcher,
  thing: string,
): void {
  if (!inMetadataAllowlist(metadata, key, value, matcher)) {
    throw new AppException('policy_denied', `${thing} not allowed`);
  }
}

/** True when the value passes the metadata allowlist `key` (see {@link assertInMetadataAllowlist}). */
export function inMetadataAllowlist(
  metadata: Readonly<Record<string, string>>,
  key: string,
  value: string,
  matcher: ScopeMatcher,
): boolean {
  const allowed = parseMetadataList(Object.hasOwn(metadata, key) ? metadata[key] : undefined);
  return isUnrestricted(allowed) || allowed.some((entry) => matcher(entry, value));
}
