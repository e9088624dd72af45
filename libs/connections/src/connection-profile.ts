/**
 * A connection profile as published by `conn.*` (CATALOG.md 3.11). Profiles never carry
 * credentials or endpoints: endpoints come only from server configuration.
 */
export interface ConnectionProfile {
  id: string;
  kind: string;
  description: string;
  read_only: boolean;
  /** Scope lists by name: `subjects`, `topics`, `queues`, `key_prefixes`, `databases`, `routes`/`paths`. */
  scopes: Record<string, string[]>;
}

/** The kinds a tool can expect; each accepts the aliases of {@link ACCEPTED_KINDS}. */
export type ConnectionKind = 'nats' | 'kafka' | 'rabbitmq' | 'redis' | 'mongo' | 'http';

/** CATALOG.md 3.11 step 2: the profile kinds each expected kind accepts. */
export const ACCEPTED_KINDS: Readonly<Record<ConnectionKind, readonly string[]>> = Object.freeze({
  nats: ['nats'],
  kafka: ['kafka'],
  rabbitmq: ['rabbitmq', 'rabbit'],
  redis: ['redis'],
  mongo: ['mongo', 'mongodb'],
  http: ['http', 'api'],
});

/** Server-side settings (CONFIG.md 2.7): the only sources of endpoints and host rules. */
export interface ConnectionSettings {
  /** Profile id → endpoint (`WORKSPACE_CONN_PROFILE_ENDPOINTS_JSON`). */
  readonly endpoints: Readonly<Record<string, string>>;
  /** Profile id → host rules; `null` = no host restriction. */
  readonly hostAllowlist: Readonly<Record<string, readonly string[]>> | null;
  /**
   * Server profiles (`WORKSPACE_CONN_PROFILES_JSON`; default {@link BUILT_IN_PROFILES}): the ceiling
   * session metadata may only narrow, and the only ids an endpoint is ever resolved for.
   */
  readonly profiles?: readonly ConnectionProfile[];
}

/** A profile that passed every resolution step, with the endpoint to dial. Never echo `endpoint`. */
export interface ResolvedConnection {
  profile: ConnectionProfile;
  endpoint: string;
}
