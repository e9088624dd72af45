export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type WorkspaceBackend = 'local' | 'kubernetes';
export type StoreBackend = 'memory' | 'valkey';
export type AuthMode = 'payload' | 'trusted_headers';
export type ArtifactStoreBackend = 'local' | 's3';

export interface ServerConfig {
  readonly port: number;
  readonly logLevel: LogLevel;
  readonly shutdownGraceSeconds: number;
  readonly version: string;
  readonly environment: string;
}

export interface WorkspaceConfig {
  readonly backend: WorkspaceBackend;
  readonly root: string;
  readonly artifactRoot: string;
  /** Entries that existed at startup are real paths; the others are in cleaned form. */
  readonly sourceRepoAllowlist: string[];
  readonly maxSessionTtlSeconds: number;
  /** `WORKSPACE_MAX_SESSION_LIFETIME_SECONDS`: bound on `expires_at − created_at` after a renew. */
  readonly maxSessionLifetimeSeconds: number;
  readonly sweepIntervalSeconds: number;
  /** `WORKSPACE_SESSION_IDLE_TIMEOUT_SECONDS`: close a session this long without activity; `0` = off. */
  readonly sessionIdleTimeoutSeconds: number;
  /** `WORKSPACE_CLONE_TIMEOUT_SECONDS`: deadline of the `repo_url` clone. */
  readonly cloneTimeoutSeconds: number;
  /** `WORKSPACE_MAX_SESSIONS_PER_PRINCIPAL`; `0` = no cap. */
  readonly maxSessionsPerPrincipal: number;
  /** `WORKSPACE_LOCAL_SANDBOX` (`auto` is read as `required`; docs/SANDBOX.md). */
  readonly localSandbox: 'required' | 'off';
  /** `WORKSPACE_ALLOW_UNSANDBOXED`: lets `off` start under `trusted_headers`. */
  readonly allowUnsandboxed: boolean;
}

/** `ARTIFACT_S3_*`; credentials are not configuration (the AWS SDK's default chain finds them). */
export interface S3ArtifactsConfig {
  readonly bucket: string;
  /** S3-compatible server URL; unset = AWS for the region. */
  readonly endpoint?: string;
  readonly region: string;
  readonly forcePathStyle: boolean;
  /** Prepended to every object key. */
  readonly prefix: string;
}

export interface ArtifactsConfig {
  /** `ARTIFACT_STORE_BACKEND`; the local store lives under `workspace.artifactRoot`. */
  readonly backend: ArtifactStoreBackend;
  /**
   * `WORKSPACE_INLINE_ARTIFACT_MAX_BYTES`: `invocation-output.json` / `invocation-logs.jsonl` up to
   * this size are kept by the invocation store with the record, not by the artifact store; `0` =
   * never.
   */
  readonly inlineMaxBytes: number;
  /** `null` unless the backend is `s3`. */
  readonly s3: S3ArtifactsConfig | null;
}

export interface StoreConfig {
  readonly backend: StoreBackend;
  readonly keyPrefix: string;
  /** `0` = keep forever / no TTL. */
  readonly ttlSeconds: number;
}

export interface ValkeyConfig {
  readonly host: string;
  readonly port: number;
  readonly db: number;
  readonly password?: string;
}

export interface StoresConfig {
  readonly invocation: StoreConfig;
  readonly session: StoreConfig;
  /** `null` when neither store is `valkey`. */
  readonly valkey: ValkeyConfig | null;
  /** `WORKSPACE_REPLICA_ID`, default `<host name>-<pid>`: the replica running records name. */
  readonly replicaId: string;
}

export interface AuthConfig {
  readonly mode: AuthMode;
  /** Set only in `trusted_headers` mode. */
  readonly sharedToken?: string;
  /** Header names are lowercased (the form Fastify gives request headers in). */
  readonly tokenHeader: string;
  readonly tenantHeader: string;
  readonly actorHeader: string;
  readonly rolesHeader: string;
}

/** API.md 7.3: how a capability with `requires_approval` gets its approval. */
export interface ApprovalsConfig {
  /** `flag`: the body's `approved: true`; `request`: an approval request decided by someone else. */
  readonly mode: 'flag' | 'request';
  /** Lifetime of an approval request; records are kept as long again after expiry. */
  readonly ttlSeconds: number;
  /** Whether the requester may approve their own request. */
  readonly allowSelf: boolean;
}

/** `0` disables a limit. */
export interface LimitsConfig {
  readonly ratePerMinute: number;
  readonly ratePerMinutePerPrincipal: number;
  readonly maxConcurrencyPerSession: number;
  readonly maxOutputBytes: number;
  readonly maxArtifacts: number;
  readonly maxArtifactBytes: number;
}

/** A server connection profile (`WORKSPACE_CONN_PROFILES_JSON`, CATALOG.md 3.11 shape). */
export interface ConnProfileConfig {
  readonly id: string;
  readonly kind: string;
  readonly description: string;
  readonly read_only: boolean;
  readonly scopes: Record<string, string[]>;
}

export interface ToolsConfig {
  /** `null` when unset: the built-in table of `#app/connections` applies. */
  readonly connProfiles: ConnProfileConfig[] | null;
  readonly connProfileEndpoints: Record<string, string>;
  /** `null` when unset (no host restriction); rules are lowercased. */
  readonly connProfileHostAllowlist: Record<string, string[]> | null;
  readonly containerStrictByDefault: boolean;
  readonly containerAllowSyntheticFallback: boolean;
  readonly enableK8sDeliveryTools: boolean;
}

export interface TelemetryConfig {
  readonly enabled: boolean;
  /** Full OTLP/HTTP URL including `/v1/traces`; unset = the exporter's own default. */
  readonly tracesEndpoint?: string;
  readonly version: string;
  readonly environment: string;
}

export interface JanitorConfig {
  readonly enabled: boolean;
  readonly intervalSeconds: number;
  readonly sessionPodTerminalTtlSeconds: number;
  readonly containerPodTerminalTtlSeconds: number;
  readonly missingSessionGraceSeconds: number;
}

export interface KubernetesConfig {
  readonly kubeconfig?: string;
  readonly home?: string;
  readonly namespace: string;
  readonly serviceAccount?: string;
  readonly runnerImage: string;
  /** Keys lowercased. */
  readonly runnerImageBundles: Record<string, string>;
  readonly runnerProfileMetadataKey: string;
  readonly initImage: string;
  readonly workdir: string;
  readonly container: string;
  readonly podPrefix: string;
  readonly readyTimeoutSeconds: number;
  /** Deadline of the pod-to-pod workspace stream of a fork (API.md 5.16). */
  readonly forkTimeoutSeconds: number;
  /** Cap on the archive bytes a fork streams; 0 = none. */
  readonly forkMaxBytes: number;
  readonly gitAuthSecret?: string;
  readonly gitAuthMetadataKey: string;
  readonly runAsUser: number;
  readonly runAsGroup: number;
  readonly fsGroup: number;
  readonly readOnlyRootFs: boolean;
  readonly automountServiceAccountToken: boolean;
  readonly janitor: JanitorConfig;
}

/** The plain shape of {@link AppConfig}, e.g. for building one in a test. */
export interface AppConfigValues {
  readonly server: ServerConfig;
  readonly workspace: WorkspaceConfig;
  readonly artifacts: ArtifactsConfig;
  readonly stores: StoresConfig;
  readonly auth: AuthConfig;
  readonly approvals: ApprovalsConfig;
  readonly limits: LimitsConfig;
  readonly tools: ToolsConfig;
  readonly telemetry: TelemetryConfig;
  /** `null` unless `WORKSPACE_BACKEND=kubernetes`. */
  readonly kubernetes: KubernetesConfig | null;
}

/**
 * The validated configuration of the service (CONFIG.md), read once at boot by `loadAppConfig` and
 * deep-frozen. The class is also the DI token: inject `AppConfig` instead of reading `process.env`.
 * Features that are switched off carry their defaults (their variables are ignored, not validated).
 */
export class AppConfig implements AppConfigValues {
  readonly server: ServerConfig;
  readonly workspace: WorkspaceConfig;
  readonly artifacts: ArtifactsConfig;
  readonly stores: StoresConfig;
  readonly auth: AuthConfig;
  readonly approvals: ApprovalsConfig;
  readonly limits: LimitsConfig;
  readonly tools: ToolsConfig;
  readonly telemetry: TelemetryConfig;
  readonly kubernetes: KubernetesConfig | null;

  constructor(values: AppConfigValues) {
    this.server = values.server;
    this.workspace = values.workspace;
    this.artifacts = values.artifacts;
    this.stores = values.stores;
    this.auth = values.auth;
    this.approvals = values.approvals;
    this.limits = values.limits;
    this.tools = values.tools;
    this.telemetry = values.telemetry;
    this.kubernetes = values.kubernetes;
  }
}
