import { isUnrestricted, parseMetadataList } from '#app/policy';
import { BUILT_IN_PROFILES } from './built-in-profiles.js';
import type { ConnectionProfile } from './connection-profile.js';

/** Session metadata key holding a custom profile list (API.md 8.6). */
export const PROFILES_METADATA_KEY = 'connection_profiles_json';

/**
 * CATALOG.md 3.11 "Profile list": the custom list replaces the built-in one when it parses and
 * yields at least one valid entry; invalid entries are skipped. Sorted by id.
 */
export function profileList(metadata: Readonly<Record<string, string>>): ConnectionProfile[] {
  const custom = parseCustomProfiles(metadata[PROFILES_METADATA_KEY]);
  const list = custom.length > 0 ? custom : BUILT_IN_PROFILES.map(copyProfile);
  return list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Visibility: metadata `allowed_profiles` (comma list; empty or `*` = all) filters the list. */
export function visibleProfiles(metadata: Readonly<Record<string, string>>): ConnectionProfile[] {
  const allowed = parseMetadataList(metadata['allowed_profiles']);
  const list = profileList(metadata);
  return isUnrestricted(allowed) ? list : list.filter((profile) => allowed.includes(profile.id));
}

function parseCustomProfiles(json: string | undefined): ConnectionProfile[] {
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
  for (const entry of parsed) {
    const profile = toProfile(entry);
    // A repeated id would make resolution ambiguous: the first entry wins.
    if (profile !== undefined && !seen.has(profile.id)) {
      seen.add(profile.id);
      profiles.push(profile);
    }
  }
  return profiles;
}

function toProfile(entry: unknown): ConnectionProfile | undefined {
  if (!isRecord(entry)) {
    return undefined;
  }
  const { id, kind, description, read_only: readOnly, scopes } = entry;
  if (typeof id !== 'string' || id.trim() === '' || typeof kind !== 'string' || kind.trim() === '') {
    return undefined;
  }
  return {
    id,
    kind,
    description: typeof description === 'string' ? description : '',
    read_only: typeof readOnly === 'boolean' ? readOnly : false,
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
  const scopes: Record<string, string[]> = {};
  for (const [name, list] of Object.entries(profile.scopes)) {
    scopes[name] = [...list];
  }
  return { ...profile, scopes };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
