import { isUnrestricted, parseMetadataList } from '#app/policy';
import { BUILT_IN_PROFILES } from './built-in-profiles.js';
import { ACCEPTED_KINDS, type ConnectionProfile } from './connection-profile.js';
import { scopeList, withScopeBounds } from './profile-scope.js';

/** Session metadata key holding a custom profile list (API.md 8.6). */
export const PROFILES_METADATA_KEY = 'connection_profiles_json';

/**
 * CATALOG.md 3.11 "Profile list". The server list (`WORKSPACE_CONN_PROFILES_JSON`, default the
 * built-in table) is the ceiling. A session list (`connection_profiles_json`) replaces it when it
 * yields at least one valid entry; each entry either narrows the server profile of the same id
 * (same kind; `read_only` only towards `true`; scope lists checked together with the server's)
 * or adds a session-only profile, which never gets an endpoint. Sorted by id.
 */
export function profileList(
  metadata: Readonly<Record<string, string>>,
  serverProfiles: readonly ConnectionProfile[] = BUILT_IN_PROFILES,
): ConnectionProfile[] {
  const custom = parseCustomProfiles(metadata[PROFILES_METADATA_KEY], serverProfiles);
  const list = custom.length > 0 ? custom : serverProfiles.map(copyProfile);
  return list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Visibility: metadata `allowed_profiles` (comma list; empty or `*` = all) filters the list. */
export function visibleProfiles(
  metadata: Readonly<Record<string, string>>,
  serverProfiles: readonly ConnectionProfile[] = BUILT_IN_PROFILES,
): ConnectionProfile[] {
  const allowed = parseMetadataList(metadata['allowed_profiles']);
  const list = profileList(metadata, serverProfiles);
  return isUnrestricted(allowed) ? list : list.filter((profile) => allowed.includes(profile.id));
}

/** True when both kinds name the same accepted kind (`rabbit` and `rabbitmq` are one kind). */
export function sameKind(a: string, b: string): boolean {
  const left = a.trim().toLowerCase();
  const right = b.trim().toLowerCase();
  return (
    left === right ||
    Object.values(ACCEPTED_KINDS).some((kinds) => kinds.includes(left) && kinds.includes(right))
  );
}

interface SessionEntry {
  id: string;
  kind: string;
  description: string;
  readOnly: boolean | undefined;
  scopes: Record<string, string[]>;
}

function parseCustomProfiles(
  json: string | undefined,
  serverProfiles: readonly ConnectionProfile[],
): ConnectionProfile[] {
  if (json === undefined || json.trim() === '') {
    return [];
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) {
    return [];
  }
  const seen = new Set<string>();
  const profiles: ConnectionProfile[] = [];
  for (const raw of parsed) {
    const entry = toEntry(raw);
    // A repeated id would make resolution ambiguous: the first entry wins.
    if (entry === undefined || seen.has(entry.id)) {
      continue;
    }
    const server = serverProfiles.find((candidate) => candidate.id === entry.id);
    const profile = server === undefined ? sessionOnly(entry) : narrow(server, entry);
    if (profile !== undefined) {
      seen.add(entry.id);
      profiles.push(profile);
    }
  }
  return profiles;
}

// A profile the server does not define: visible, but endpoint resolution never finds one for it.
function sessionOnly(entry: SessionEntry): ConnectionProfile {
  return {
    id: entry.id,
    kind: entry.kind,
    description: entry.description,
    read_only: entry.readOnly ?? false,
    scopes: entry.scopes,
  };
}

/**
 * Field by field (CATALOG.md 3.11 "Narrowing"): `id` identifies; `kind` must be the server's
 * (else the entry is invalid); `description` is the server's; `read_only` is the server's or
 * `true`; a scope list the server profile has may be replaced by the session's, which is then
 * checked *together with* the server's list (a value must pass both), a scope the server lacks
 * is dropped. Endpoints, host rules, TLS and credentials are server configuration only.
 */
function narrow(server: ConnectionProfile, entry: SessionEntry): ConnectionProfile | undefined {
  if (!sameKind(server.kind, entry.kind)) {
    return undefined;
  }
  const scopes = copyScopes(server.scopes);
  for (const [name, list] of Object.entries(entry.scopes)) {
    if (scopeList(server, name).length > 0) {
      scopes[name] = [...list];
    }
  }
  const profile: ConnectionProfile = {
    id: server.id,
    kind: server.kind,
    description: server.description,
    read_only: server.read_only || entry.readOnly === true,
    scopes,
  };
  return withScopeBounds(profile, server.scopes);
}

function toEntry(raw: unknown): SessionEntry | undefined {
  if (!isRecord(raw)) {
    return undefined;
  }
  const { id, kind, description, read_only: readOnly, scopes } = raw;
  if (
    typeof id !== 'string' ||
    id.trim() === '' ||
    typeof kind !== 'string' ||
    kind.trim() === ''
  ) {
    return undefined;
  }
  return {
    id,
    kind,
    description: typeof description === 'string' ? description : '',
    readOnly: typeof readOnly === 'boolean' ? readOnly : undefined,
    scopes: toScopes(scopes),
  };
}

// Only string arrays are usable scope lists; anything else is dropped (and so denies).
function toScopes(value: unknown): Record<string, string[]> {
  const scopes: Record<string, string[]> = {};
  if (!isRecord(value)) {
    return scopes;
  }
  for (const [name, list] of Object.entries(value)) {
    if (Array.isArray(list)) {
      scopes[name] = list.filter((item): item is string => typeof item === 'string');
    }
  }
  return scopes;
}

function copyProfile(profile: ConnectionProfile): ConnectionProfile {
  return { ...profile, scopes: copyScopes(profile.scopes) };
}

function copyScopes(scopes: Readonly<Record<string, readonly string[]>>): Record<string, string[]> {
  const copy: Record<string, string[]> = {};
  for (const [name, list] of Object.entries(scopes)) {
    copy[name] = [...list];
  }
  return copy;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
