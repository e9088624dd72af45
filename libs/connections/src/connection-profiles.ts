import { AppException } from '#app/errors';
import { BUILT_IN_ENDPOINTS, BUILT_IN_PROFILES } from './built-in-profiles.js';
import {
  ACCEPTED_KINDS,
  type ConnectionKind,
  type ConnectionProfile,
  type ConnectionSettings,
  type ResolvedConnection,
} from './connection-profile.js';
import { isEndpointAllowed } from './host-allowlist.js';
import { visibleProfiles } from './profile-list.js';
import { hasScopeBounds } from './profile-scope.js';

/**
 * Profile listing and endpoint resolution (CATALOG.md 3.11). Provided by `ConnectionsModule`
 * from `AppConfig.tools`; session metadata supplies profiles, never endpoints.
 */
export class ConnectionProfiles {
  private readonly serverProfiles: readonly ConnectionProfile[];

  constructor(private readonly settings: ConnectionSettings) {
    this.serverProfiles = settings.profiles ?? BUILT_IN_PROFILES;
  }

  /** The profiles the session may see, sorted by id. */
  list(metadata: Readonly<Record<string, string>>): ConnectionProfile[] {
    return visibleProfiles(metadata, this.serverProfiles);
  }

  /**
   * Step 1: a visible profile.
   *
   * @throws AppException `not_found` `connection profile not found: <id>`
   */
  describe(metadata: Readonly<Record<string, string>>, id: string): ConnectionProfile {
    const profile = this.list(metadata).find((candidate) => candidate.id === id);
    if (profile === undefined) {
      throw new AppException('not_found', `connection profile not found: ${id}`);
    }
    return profile;
  }

  /**
   * Steps 1–2: a visible profile of an accepted kind.
   *
   * @throws AppException `not_found` (step 1), `invalid_argument` `profile <id> has kind <k>, expected <K>`
   */
  profileFor(
    metadata: Readonly<Record<string, string>>,
    id: string,
    kind: ConnectionKind,
  ): ConnectionProfile {
    const profile = this.describe(metadata, id);
    if (!ACCEPTED_KINDS[kind].includes(profile.kind.trim().toLowerCase())) {
      throw new AppException(
        'invalid_argument',
        `profile ${id} has kind ${profile.kind}, expected ${kind}`,
      );
    }
    return profile;
  }

  /**
   * Steps 3–5: for a server profile only, the configured endpoint, else the built-in fallback of
   * a `dev.*` id, filtered by the host allowlist when one is configured.
   *
   * @throws AppException `execution_failed` `<kind> profile endpoint not configured`
   */
  endpointFor(profile: ConnectionProfile, kind: ConnectionKind): string {
    // Only a server profile has an endpoint: a profile added by session metadata must not pick up
    // an endpoint configured for an id the server does not define as a profile.
    const server = this.serverProfiles.find((candidate) => candidate.id === profile.id);
    // Fail closed if the object lost its narrowing marker (a copy): it must then equal the server profile.
    const serverDefined =
      server !== undefined && (hasScopeBounds(profile) || sameAsServer(profile, server));
    // Own properties only: an id such as `constructor` must not reach Object.prototype.
    const endpoint = !serverDefined
      ? undefined
      : (own(this.settings.endpoints, profile.id) ?? own(BUILT_IN_ENDPOINTS, profile.id));
    const allowlist = this.settings.hostAllowlist;
    const rules = allowlist === null ? undefined : (own(allowlist, profile.id) ?? []);
    if (
      endpoint === undefined ||
      endpoint.trim() === '' ||
      (rules !== undefined && !isEndpointAllowed(endpoint, rules))
    ) {
      throw new AppException('execution_failed', `${kind} profile endpoint not configured`);
    }
    return endpoint.trim();
  }

  /** Steps 1–5 in one call, for tools with nothing to check between them. */
  resolve(
    metadata: Readonly<Record<string, string>>,
    id: string,
    kind: ConnectionKind,
  ): ResolvedConnection {
    const profile = this.profileFor(metadata, id, kind);
    return { profile, endpoint: this.endpointFor(profile, kind) };
  }
}

function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function sameAsServer(profile: ConnectionProfile, server: ConnectionProfile): boolean {
  return (
    profile.read_only === server.read_only &&
    JSON.stringify(sortedScopes(profile)) === JSON.stringify(sortedScopes(server))
  );
}

function sortedScopes(profile: ConnectionProfile): Array<[string, readonly string[]]> {
  return Object.entries(profile.scopes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
