import { AppException } from '#app/errors';
import { isUnrestricted, matchesNatsSubject, matchesPattern, parseMetadataList } from '#app/policy';
import type { ConnectionProfile } from './connection-profile.js';

/** How a requested name is compared with one entry of a profile scope list. */
export type ScopeMatcher = (entry: string, value: string) => boolean;

/**
 * Subjects by NATS token rules (API.md 7.6, subset check). In addition, a subject in the server's
 * reserved space — first token starting with `$` (`$JS.API.…`, `$SYS.…`, `$KV.…`) or `_INBOX` —
 * is admitted only by an entry naming that first token literally, never by a leading wildcard:
 * `>` must not hand out the JetStream management API (CATALOG.md 11).
 */
export const subjectMatcher: ScopeMatcher = (entry, subject) =>
  matchesNatsSubject(entry, subject) &&
  (!isReservedSubject(subject) || firstToken(entry) === firstToken(subject));

function isReservedSubject(subject: string): boolean {
  const first = firstToken(subject);
  return first.startsWith('$') || first === '_INBOX';
}

function firstToken(subject: string): string {
  return subject.split('.', 1)[0] ?? '';
}
/** Topics, queues and databases by the pattern rules of API.md 7.6. */
export const patternMatcher: ScopeMatcher = matchesPattern;
/** Redis keys by prefix; an entry `*` allows every key, an empty entry none. */
// An empty entry would be a wildcard in disguise (every key starts with ""): it matches nothing.
export const keyPrefixMatcher: ScopeMatcher = (entry, key) =>
  entry !== '' && (entry === '*' || key.startsWith(entry));

/** The scope lists of a profile; `routes` falls back to `paths` (CATALOG.md 3.11). */
export function scopeList(profile: Pick<ConnectionProfile, 'scopes'>, name: string): string[] {
  const scopes = profile.scopes;
  const list = Object.hasOwn(scopes, name) ? scopes[name] : undefined;
  if (name === 'routes' && (list === undefined || list.length === 0)) {
    return Object.hasOwn(scopes, 'paths') ? (scopes['paths'] ?? []) : [];
  }
  return list ?? [];
}

// The server profile's scope lists behind a profile narrowed by session metadata. Kept beside the
// object (not in it) so the published profile shape stays `{id, kind, description, read_only, scopes}`.
const SCOPE_BOUNDS = new WeakMap<ConnectionProfile, Readonly<Record<string, readonly string[]>>>();

/** Marks `profile` as narrowed from a server profile with these scopes (CATALOG.md 3.11). */
export function withScopeBounds(
  profile: ConnectionProfile,
  bounds: Readonly<Record<string, readonly string[]>>,
): ConnectionProfile {
  SCOPE_BOUNDS.set(profile, bounds);
  return profile;
}

/** True when {@link withScopeBounds} marked this very object as narrowed from a server profile. */
export function hasScopeBounds(profile: ConnectionProfile): boolean {
  return SCOPE_BOUNDS.has(profile);
}

/**
 * True when the value matches an entry of the profile's scope list and, for a profile narrowed
 * by session metadata, an entry of the server profile's list too. A missing or empty list denies.
 */
export function inScope(
  profile: ConnectionProfile,
  scope: string,
  value: string,
  matcher: ScopeMatcher,
): boolean {
  const bounds = SCOPE_BOUNDS.get(profile);
  const lists = [
    scopeList(profile, scope),
    ...(bounds === undefined
      ? []
      : [scopeList({ scopes: bounds as Record<string, string[]> }, scope)]),
  ];
  return lists.every((list) => list.some((entry) => matcher(entry, value)));
}

/**
 * Handler governance (CATALOG.md 3.11 "Scope checks"): the value must match an entry of the
 * profile's scope list (and of the server's list for a narrowed profile, see {@link inScope}).
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
  if (!inScope(profile, scope, value, matcher)) {
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
