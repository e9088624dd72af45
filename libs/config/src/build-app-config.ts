import { realpathSync } from 'node:fs';
import { hostname } from 'node:os';
import { posix } from 'node:path';
import {
  AppConfig,
  type ArtifactsConfig,
  type AuthConfig,
  type StoresConfig,
  type TelemetryConfig,
} from './app-config.js';
import { buildKubernetesConfig } from './build-kubernetes-config.js';
import { parseConnProfiles, parseEndpointMap, parseHostAllowlist } from './env-json.parsers.js';
import { ENV_DEFAULTS } from './env.defaults.js';
import type { EnvironmentVariables } from './env.schema.js';
import {
  isKubernetesBackend,
  isTracingEnabled,
  isTrustedHeadersMode,
  usesS3ArtifactStore,
  usesValkey,
  usesValkeyInvocationStore,
  usesValkeySessionStore,
} from './env.conditions.js';
import { parseHostPort, splitList } from './env-value.parsers.js';
import { deriveTracesEndpoint } from './otlp-endpoint.js';
import { ValidatedEnv } from './validated-env.js';

const STORE_BACKENDS = ['memory', 'valkey'] as const;

/**
 * Maps a validated environment to the nested `AppConfig`. Variables of a switched-off feature are
 * ignored (CONFIG.md 1.1), so their group carries defaults or is `null`.
 */
export function buildAppConfig(raw: EnvironmentVariables): AppConfig {
  const env = new ValidatedEnv(raw);
  const rawEnv = raw as Record<string, string | undefined>;
  const version = env.text('WORKSPACE_VERSION');
  const environment = env.text('WORKSPACE_ENV');
  const logLevel = env.oneOf('LOG_LEVEL', ['debug', 'info', 'warn', 'warning', 'error'] as const);
  return new AppConfig({
    server: {
      port: env.integer('PORT'),
      logLevel: logLevel === 'warning' ? 'warn' : logLevel,
      shutdownGraceSeconds: env.integer('WORKSPACE_SHUTDOWN_GRACE_SECONDS'),
      version,
      environment,
    },
    workspace: {
      backend: env.oneOf('WORKSPACE_BACKEND', ['local', 'kubernetes'] as const),
      root: posix.resolve(env.text('WORKSPACE_ROOT')),
      artifactRoot: posix.resolve(env.text('ARTIFACT_ROOT')),
      sourceRepoAllowlist: splitList(env.text('WORKSPACE_SOURCE_REPO_ALLOWLIST')).map((item) =>
        item.startsWith('/') ? resolveEntry(item) : item,
      ),
      maxSessionTtlSeconds: env.integer('WORKSPACE_MAX_SESSION_TTL_SECONDS'),
      maxSessionLifetimeSeconds: env.integer('WORKSPACE_MAX_SESSION_LIFETIME_SECONDS'),
      sweepIntervalSeconds: env.integer('WORKSPACE_SESSION_SWEEP_INTERVAL_SECONDS'),
      sessionIdleTimeoutSeconds: env.integer('WORKSPACE_SESSION_IDLE_TIMEOUT_SECONDS'),
      cloneTimeoutSeconds: env.integer('WORKSPACE_CLONE_TIMEOUT_SECONDS'),
      maxSessionsPerPrincipal: env.integer('WORKSPACE_MAX_SESSIONS_PER_PRINCIPAL'),
      // `auto` used to fall back to running unsandboxed; it is now read as `required` (fail closed).
      localSandbox:
        env.oneOf('WORKSPACE_LOCAL_SANDBOX', ['required', 'auto', 'off'] as const) === 'off'
          ? 'off'
          : 'required',
      allowUnsandboxed: env.boolean('WORKSPACE_ALLOW_UNSANDBOXED'),
    },
    artifacts: buildArtifacts(env, rawEnv),
    stores: buildStores(env, rawEnv),
    auth: buildAuth(env, rawEnv),
    approvals: {
      mode: env.oneOf('WORKSPACE_APPROVAL_MODE', ['flag', 'request'] as const),
      ttlSeconds: env.integer('WORKSPACE_APPROVAL_TTL_SECONDS'),
      allowSelf: env.boolean('WORKSPACE_APPROVAL_ALLOW_SELF'),
    },
    limits: {
      ratePerMinute: env.integer('WORKSPACE_RATE_LIMIT_PER_MINUTE'),
      ratePerMinutePerPrincipal: env.integer('WORKSPACE_RATE_LIMIT_PER_MINUTE_PER_PRINCIPAL'),
      maxConcurrencyPerSession: env.integer('WORKSPACE_MAX_CONCURRENCY_PER_SESSION'),
      maxOutputBytes: env.integer('WORKSPACE_MAX_OUTPUT_BYTES_PER_INVOCATION'),
      maxArtifacts: env.integer('WORKSPACE_MAX_ARTIFACTS_PER_INVOCATION'),
      maxArtifactBytes: env.integer('WORKSPACE_MAX_ARTIFACT_BYTES_PER_INVOCATION'),
    },
    tools: {
      connProfiles: env.json('WORKSPACE_CONN_PROFILES_JSON', parseConnProfiles) ?? null,
      connProfileEndpoints:
        env.json('WORKSPACE_CONN_PROFILE_ENDPOINTS_JSON', parseEndpointMap) ?? {},
      connProfileHostAllowlist:
        env.json('WORKSPACE_CONN_PROFILE_HOST_ALLOWLIST_JSON', parseHostAllowlist) ?? null,
      containerStrictByDefault: env.boolean('WORKSPACE_CONTAINER_STRICT_BY_DEFAULT'),
      containerAllowSyntheticFallback: env.boolean('WORKSPACE_CONTAINER_ALLOW_SYNTHETIC_FALLBACK'),
      enableK8sDeliveryTools: env.boolean('WORKSPACE_ENABLE_K8S_DELIVERY_TOOLS'),
    },
    telemetry: buildTelemetry(env, rawEnv, version, environment),
    kubernetes: isKubernetesBackend(rawEnv) ? buildKubernetesConfig(env) : null,
  });
}

// Existing entries become real paths so that a symlinked allowlist entry matches the real path of
// a source; missing ones can only be compared in cleaned form.
function resolveEntry(entry: string): string {
  try {
    return realpathSync(entry);
  } catch {
    return posix.resolve(entry);
  }
}

function buildArtifacts(
  env: ValidatedEnv,
  raw: Record<string, string | undefined>,
): ArtifactsConfig {
  const backend = env.oneOf('ARTIFACT_STORE_BACKEND', ['local', 's3'] as const);
  const inlineMaxBytes = env.integer('WORKSPACE_INLINE_ARTIFACT_MAX_BYTES');
  if (!usesS3ArtifactStore(raw)) {
    return { backend, inlineMaxBytes, s3: null };
  }
  const bucket = env.optional('ARTIFACT_S3_BUCKET');
  if (bucket === undefined) {
    throw new Error('ARTIFACT_S3_BUCKET passed validation but is unset; the schema lacks a rule');
  }
  const endpoint = env.optional('ARTIFACT_S3_ENDPOINT');
  return {
    backend,
    inlineMaxBytes,
    s3: {
      bucket,
      ...(endpoint !== undefined ? { endpoint: new URL(endpoint).origin } : {}),
      region: env.text('ARTIFACT_S3_REGION'),
      forcePathStyle: env.boolean('ARTIFACT_S3_FORCE_PATH_STYLE'),
      prefix: env.text('ARTIFACT_S3_PREFIX'),
    },
  };
}

function buildStores(env: ValidatedEnv, raw: Record<string, string | undefined>): StoresConfig {
  const address = env.optional('VALKEY_ADDR');
  const hostPort = address === undefined ? undefined : parseHostPort(address);
  return {
    invocation: {
      backend: env.oneOf('INVOCATION_STORE_BACKEND', STORE_BACKENDS),
      keyPrefix: usesValkeyInvocationStore(raw)
        ? env.text('INVOCATION_STORE_KEY_PREFIX')
        : ENV_DEFAULTS.INVOCATION_STORE_KEY_PREFIX,
      ttlSeconds: env.integer('INVOCATION_STORE_TTL_SECONDS'),
    },
    session: {
      backend: env.oneOf('SESSION_STORE_BACKEND', STORE_BACKENDS),
      keyPrefix: usesValkeySessionStore(raw)
        ? env.text('SESSION_STORE_KEY_PREFIX')
        : ENV_DEFAULTS.SESSION_STORE_KEY_PREFIX,
      ttlSeconds: env.integer('SESSION_STORE_TTL_SECONDS'),
    },
    valkey: usesValkey(raw)
      ? {
          host: hostPort?.host ?? env.text('VALKEY_HOST'),
          port: hostPort?.port ?? env.integer('VALKEY_PORT'),
          db: env.integer('VALKEY_DB'),
          password: env.optional('VALKEY_PASSWORD'),
        }
      : null,
    replicaId: env.optional('WORKSPACE_REPLICA_ID') ?? `${hostname()}-${process.pid}`,
  };
}

function buildAuth(env: ValidatedEnv, raw: Record<string, string | undefined>): AuthConfig {
  const trusted = isTrustedHeadersMode(raw);
  const header = (name: keyof typeof ENV_DEFAULTS): string =>
    (trusted ? env.text(name) : ENV_DEFAULTS[name]).toLowerCase();
  return {
    mode: env.oneOf('WORKSPACE_AUTH_MODE', ['payload', 'trusted_headers'] as const),
    sharedToken: trusted ? env.optional('WORKSPACE_AUTH_SHARED_TOKEN') : undefined,
    tokenHeader: header('WORKSPACE_AUTH_TOKEN_HEADER'),
    tenantHeader: header('WORKSPACE_AUTH_TENANT_HEADER'),
    actorHeader: header('WORKSPACE_AUTH_ACTOR_HEADER'),
    rolesHeader: header('WORKSPACE_AUTH_ROLES_HEADER'),
  };
}

function buildTelemetry(
  env: ValidatedEnv,
  raw: Record<string, string | undefined>,
  version: string,
  environment: string,
): TelemetryConfig {
  const enabled = isTracingEnabled(raw);
  const endpoint = env.optional('WORKSPACE_OTEL_EXPORTER_OTLP_ENDPOINT');
  const tracesEndpoint =
    enabled && endpoint !== undefined
      ? deriveTracesEndpoint(endpoint, env.boolean('WORKSPACE_OTEL_EXPORTER_OTLP_INSECURE'))
      : undefined;
  return { enabled, tracesEndpoint, version, environment };
}
