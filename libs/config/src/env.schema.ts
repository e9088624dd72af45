import { Expose } from 'class-transformer';
import { IsDefined, IsOptional, ValidateIf } from 'class-validator';
import {
  parseConnProfiles,
  parseEndpointMap,
  parseHostAllowlist,
  parseImageBundles,
} from './env-json.parsers.js';
import {
  isKubernetesBackend,
  isTracingEnabled,
  isTrustedHeadersMode,
  usesS3ArtifactStore,
  usesValkey,
  usesValkeyInvocationStore,
  usesValkeySessionStore,
} from './env.conditions.js';
import {
  IsAbsolutePathBelowWorkspace,
  IsApprovalModeAuthenticated,
  IsSourceAllowlist,
  IsAbsolutePathNotRoot,
  IsDistinctHeaderName,
  IsDnsLabel,
  IsDnsSubdomain,
  IsEnvBoolean,
  IsEnvFalse,
  IsEnvEnum,
  IsEnvInteger,
  IsHostName,
  IsHostPort,
  IsHttpBaseUrl,
  IsJsonShape,
  IsOtlpEndpoint,
  IsS3BucketName,
  IsSandboxAllowedOff,
  IsWithoutWhitespace,
  WhenSetAnd,
} from './env.decorators.js';
import { ENV_DEFAULTS } from './env.defaults.js';

const INT32_MAX = 2147483647;

const AUTH_HEADERS = (
  [
    'WORKSPACE_AUTH_TENANT_HEADER',
    'WORKSPACE_AUTH_ACTOR_HEADER',
    'WORKSPACE_AUTH_ROLES_HEADER',
    'WORKSPACE_AUTH_TOKEN_HEADER',
  ] as const
).map((name) => ({ name, fallback: ENV_DEFAULTS[name] }));

// Validation conditions: a variable is checked only when it is set and its feature is switched on.
const IfSet = (): PropertyDecorator => IsOptional();
const IfValkey = (): PropertyDecorator => WhenSetAnd(usesValkey);
const IfValkeyWithoutAddr = (): PropertyDecorator =>
  WhenSetAnd((env) => usesValkey(env) && env.VALKEY_ADDR === undefined);
const IfValkeyInvocationStore = (): PropertyDecorator => WhenSetAnd(usesValkeyInvocationStore);
const IfValkeySessionStore = (): PropertyDecorator => WhenSetAnd(usesValkeySessionStore);
const IfTrustedHeaders = (): PropertyDecorator => WhenSetAnd(isTrustedHeadersMode);
const IfTracing = (): PropertyDecorator => WhenSetAnd(isTracingEnabled);
const IfKubernetes = (): PropertyDecorator => WhenSetAnd(isKubernetesBackend);
const IfS3ArtifactStore = (): PropertyDecorator => WhenSetAnd(usesS3ArtifactStore);

/** Variables whose values never appear in problem lines or logs. */
export const SECRET_VARIABLES: ReadonlySet<string> = new Set([
  'WORKSPACE_AUTH_SHARED_TOKEN',
  'VALKEY_PASSWORD',
]);

/**
 * Every variable of CONFIG.md section 2, as the raw string after trimming (`undefined` = unset or
 * empty = default). Validation is conditional on use: a group whose feature is off is not checked.
 * Semantics of each variable: `docs/CONFIGURATION.md` and CONFIG.md.
 */
export class EnvironmentVariables {
  // 2.1 Server and logging
  @Expose()
  @IfSet()
  @IsEnvInteger(1, 65535)
  PORT?: string;
  @Expose()
  @IfSet()
  @IsEnvEnum(['debug', 'info', 'warn', 'warning', 'error'])
  LOG_LEVEL?: string;
  @Expose()
  @IfSet()
  @IsEnvInteger(0, 3600)
  WORKSPACE_SHUTDOWN_GRACE_SECONDS?: string;

  // 2.2 Workspaces, sessions and artifacts
  @Expose()
  @IfSet()
  @IsEnvEnum(['local', 'kubernetes'])
  WORKSPACE_BACKEND?: string;
  @Expose()
  @IfSet()
  @IsAbsolutePathNotRoot()
  WORKSPACE_ROOT?: string;
  @Expose()
  @IfSet()
  @IsAbsolutePathNotRoot()
  ARTIFACT_ROOT?: string;
  // The artifact store backend; the S3 settings are read only when it is `s3` (credentials come
  // from the AWS SDK's default chain, never from these variables).
  @Expose()
  @IfSet()
  @IsEnvEnum(['local', 's3'])
  ARTIFACT_STORE_BACKEND?: string;
  @Expose()
  @ValidateIf(usesS3ArtifactStore)
  @IsDefined({ message: 'required when ARTIFACT_STORE_BACKEND=s3' })
  @IsS3BucketName()
  ARTIFACT_S3_BUCKET?: string;
  @Expose()
  @IfS3ArtifactStore()
  @IsHttpBaseUrl()
  ARTIFACT_S3_ENDPOINT?: string;
  @Expose()
  @IfS3ArtifactStore()
  @IsWithoutWhitespace()
  ARTIFACT_S3_REGION?: string;
  @Expose()
  @IfS3ArtifactStore()
  @IsEnvBoolean()
  ARTIFACT_S3_FORCE_PATH_STYLE?: string;
  @Expose()
  @IfS3ArtifactStore()
  @IsWithoutWhitespace()
  ARTIFACT_S3_PREFIX?: string;
  // Service-written artifacts up to this size stay with the invocation record (API.md 9.2).
  @Expose()
  @IfSet()
  @IsEnvInteger(0)
  WORKSPACE_INLINE_ARTIFACT_MAX_BYTES?: string;
  @Expose()
  @IfSet()
  @IsSourceAllowlist()
  WORKSPACE_SOURCE_REPO_ALLOWLIST?: string;
  @Expose()
  @IfSet()
  @IsEnvInteger(1)
  WORKSPACE_MAX_SESSION_TTL_SECONDS?: string;
  @Expose()
  @IfSet()
  @IsEnvInteger(1)
  WORKSPACE_MAX_SESSION_LIFETIME_SECONDS?: string;
  @Expose()
  @IfSet()
  @IsEnvInteger(1, 86400)
  WORKSPACE_SESSION_SWEEP_INTERVAL_SECONDS?: string;
  @Expose()
  @IfSet()
  @IsEnvInteger(0)
  WORKSPACE_SESSION_IDLE_TIMEOUT_SECONDS?: string;
  @Expose()
  @IfSet()
  @IsEnvInteger(1, 3600)
  WORKSPACE_CLONE_TIMEOUT_SECONDS?: string;
  @Expose()
  @IfSet()
  @IsEnvInteger(0)
  WORKSPACE_MAX_SESSIONS_PER_PRINCIPAL?: string;
  // The local command sandbox (CONFIG.md 2.2, docs/SANDBOX.md): `auto` is read as `required`; `off`
  // under trusted_headers needs the explicit WORKSPACE_ALLOW_UNSANDBOXED=true.
  @Expose()
  @IfSet()
  @IsEnvEnum(['required', 'auto', 'off'])
  @IsSandboxAllowedOff()
  WORKSPACE_LOCAL_SANDBOX?: string;
  @Expose()
  @IfSet()
  @IsEnvBoolean()
  WORKSPACE_ALLOW_UNSANDBOXED?: string;

  // 2.3 Stores (key prefixes only matter for a valkey store)
  @Expose()
  @IfSet()
  @IsEnvEnum(['memory', 'valkey'])
  INVOCATION_STORE_BACKEND?: string;
  @Expose()
  @IfSet()
  @IsEnvEnum(['memory', 'valkey'])
  SESSION_STORE_BACKEND?: string;
  @Expose()
  @IfValkeyInvocationStore()
  @IsWithoutWhitespace()
  INVOCATION_STORE_KEY_PREFIX?: string;
  @Expose()
  @IfSet()
  @IsEnvInteger(0)
  INVOCATION_STORE_TTL_SECONDS?: string;
  @Expose()
  @IfValkeySessionStore()
  @IsWithoutWhitespace()
  SESSION_STORE_KEY_PREFIX?: string;
  @Expose()
  @IfSet()
  @IsEnvInteger(0)
  SESSION_STORE_TTL_SECONDS?: string;
  // Names this process in running invocation records and its heartbeat key (docs/STORES.md).
  @Expose()
  @IfSet()
  @IsWithoutWhitespace()
  WORKSPACE_REPLICA_ID?: string;

  // 2.4 Valkey connection, only when a store is valkey
  @Expose()
  @IfValkey()
  @IsHostPort()
  VALKEY_ADDR?: string;
  @Expose()
  @IfValkeyWithoutAddr()
  @IsHostName()
  VALKEY_HOST?: string;
  @Expose()
  @IfValkeyWithoutAddr()
  @IsEnvInteger(1, 65535)
  VALKEY_PORT?: string;
  @Expose()
  @IfValkey()
  @IsEnvInteger(0)
  VALKEY_DB?: string;
  @Expose()
  VALKEY_PASSWORD?: string;

  // 2.5 Authentication; header names only in trusted_headers mode
  @Expose()
  @IfSet()
  @IsEnvEnum(['payload', 'trusted_headers'])
  WORKSPACE_AUTH_MODE?: string;
  @Expose()
  @ValidateIf(isTrustedHeadersMode)
  @IsDefined({ message: 'required when WORKSPACE_AUTH_MODE=trusted_headers' })
  WORKSPACE_AUTH_SHARED_TOKEN?: string;
  @Expose()
  @IfTrustedHeaders()
  @IsDistinctHeaderName(AUTH_HEADERS)
  WORKSPACE_AUTH_TENANT_HEADER?: string;
  @Expose()
  @IfTrustedHeaders()
  @IsDistinctHeaderName(AUTH_HEADERS)
  WORKSPACE_AUTH_ACTOR_HEADER?: string;
  @Expose()
  @IfTrustedHeaders()
  @IsDistinctHeaderName(AUTH_HEADERS)
  WORKSPACE_AUTH_ROLES_HEADER?: string;
  @Expose()
  @IfTrustedHeaders()
  @IsDistinctHeaderName(AUTH_HEADERS)
  WORKSPACE_AUTH_TOKEN_HEADER?: string;

  // 2.5 Approval requests (API.md 7.3); `request` needs trusted_headers (approvers are identified)
  @Expose()
  @IfSet()
  @IsEnvEnum(['flag', 'request'])
  @IsApprovalModeAuthenticated()
  WORKSPACE_APPROVAL_MODE?: string;
  @Expose()
  @IfSet()
  @IsEnvInteger(1, 86400)
  WORKSPACE_APPROVAL_TTL_SECONDS?: string;
  @Expose()
  @IfSet()
  @IsEnvBoolean()
  WORKSPACE_APPROVAL_ALLOW_SELF?: string;

  // 2.6 Rate limits and quotas (0 disables)
  @Expose()
  @IfSet()
  @IsEnvInteger(0)
  WORKSPACE_RATE_LIMIT_PER_MINUTE?: string;
  @Expose()
  @IfSet()
  @IsEnvInteger(0)
  WORKSPACE_RATE_LIMIT_PER_MINUTE_PER_PRINCIPAL?: string;
  @Expose()
  @IfSet()
  @IsEnvInteger(0)
  WORKSPACE_MAX_CONCURRENCY_PER_SESSION?: string;
  @Expose()
  @IfSet()
  @IsEnvInteger(0)
  WORKSPACE_MAX_OUTPUT_BYTES_PER_INVOCATION?: string;
  @Expose()
  @IfSet()
  @IsEnvInteger(0)
  WORKSPACE_MAX_ARTIFACTS_PER_INVOCATION?: string;
  @Expose()
  @IfSet()
  @IsEnvInteger(0)
  WORKSPACE_MAX_ARTIFACT_BYTES_PER_INVOCATION?: string;

  // 2.7 Tool behaviour
  @Expose()
  @IfSet()
  @IsJsonShape(parseConnProfiles)
  WORKSPACE_CONN_PROFILES_JSON?: string;
  @Expose()
  @IfSet()
  @IsJsonShape(parseEndpointMap)
  WORKSPACE_CONN_PROFILE_ENDPOINTS_JSON?: string;
  @Expose()
  @IfSet()
  @IsJsonShape(parseHostAllowlist)
  WORKSPACE_CONN_PROFILE_HOST_ALLOWLIST_JSON?: string;
  @Expose()
  @IfSet()
  @IsEnvBoolean()
  WORKSPACE_CONTAINER_STRICT_BY_DEFAULT?: string;
  @Expose()
  @IfSet()
  @IsEnvBoolean()
  WORKSPACE_CONTAINER_ALLOW_SYNTHETIC_FALLBACK?: string;
  @Expose()
  @IfSet()
  @IsEnvBoolean()
  WORKSPACE_ENABLE_K8S_DELIVERY_TOOLS?: string;

  // 2.8 Telemetry; exporter settings only when tracing is enabled
  @Expose()
  @IfSet()
  @IsEnvBoolean()
  WORKSPACE_OTEL_ENABLED?: string;
  @Expose()
  @IfTracing()
  @IsOtlpEndpoint()
  WORKSPACE_OTEL_EXPORTER_OTLP_ENDPOINT?: string;
  @Expose()
  @IfTracing()
  @IsEnvBoolean()
  WORKSPACE_OTEL_EXPORTER_OTLP_INSECURE?: string;
  @Expose()
  WORKSPACE_VERSION?: string;
  @Expose()
  WORKSPACE_ENV?: string;

  // 2.9 Kubernetes backend and 2.10 pod janitor, only when WORKSPACE_BACKEND=kubernetes.
  // KUBECONFIG and HOME are not validated: an unusable client configuration fails at client
  // creation (`startup failed: kubernetes client: …`).
  @Expose()
  KUBECONFIG?: string;
  @Expose()
  HOME?: string;
  @Expose()
  @IfKubernetes()
  @IsDnsLabel()
  WORKSPACE_K8S_NAMESPACE?: string;
  @Expose()
  @IfKubernetes()
  @IsDnsSubdomain()
  WORKSPACE_K8S_SERVICE_ACCOUNT?: string;
  @Expose()
  @IfKubernetes()
  @IsWithoutWhitespace()
  WORKSPACE_K8S_RUNNER_IMAGE?: string;
  @Expose()
  @IfKubernetes()
  @IsJsonShape(parseImageBundles)
  WORKSPACE_K8S_RUNNER_IMAGE_BUNDLES_JSON?: string;
  @Expose()
  WORKSPACE_K8S_RUNNER_PROFILE_METADATA_KEY?: string;
  @Expose()
  @IfKubernetes()
  @IsWithoutWhitespace()
  WORKSPACE_K8S_INIT_IMAGE?: string;
  @Expose()
  @IfKubernetes()
  @IsAbsolutePathBelowWorkspace()
  WORKSPACE_K8S_WORKDIR?: string;
  @Expose()
  @IfKubernetes()
  @IsDnsLabel()
  WORKSPACE_K8S_CONTAINER?: string;
  @Expose()
  @IfKubernetes()
  @IsDnsLabel(30)
  WORKSPACE_K8S_POD_PREFIX?: string;
  @Expose()
  @IfKubernetes()
  @IsEnvInteger(1, 3600)
  WORKSPACE_K8S_READY_TIMEOUT_SECONDS?: string;
  @Expose()
  @IfKubernetes()
  @IsEnvInteger(1, 86400)
  WORKSPACE_K8S_FORK_TIMEOUT_SECONDS?: string;
  @Expose()
  @IfKubernetes()
  @IsEnvInteger(0)
  WORKSPACE_K8S_FORK_MAX_BYTES?: string;
  @Expose()
  @IfKubernetes()
  @IsDnsSubdomain()
  WORKSPACE_K8S_GIT_AUTH_SECRET?: string;
  @Expose()
  WORKSPACE_K8S_GIT_AUTH_METADATA_KEY?: string;
  @Expose()
  @IfKubernetes()
  @IsEnvInteger(1, INT32_MAX)
  WORKSPACE_K8S_RUN_AS_USER?: string;
  @Expose()
  @IfKubernetes()
  @IsEnvInteger(1, INT32_MAX)
  WORKSPACE_K8S_RUN_AS_GROUP?: string;
  @Expose()
  @IfKubernetes()
  @IsEnvInteger(1, INT32_MAX)
  WORKSPACE_K8S_FS_GROUP?: string;
  @Expose()
  @IfKubernetes()
  @IsEnvBoolean()
  WORKSPACE_K8S_READ_ONLY_ROOT_FS?: string;
  // Runner pods run agent code: a mounted token would hand it the Kubernetes API (API.md 8.4).
  @Expose()
  @IfKubernetes()
  @IsEnvFalse('runner pods never get a service-account token')
  WORKSPACE_K8S_AUTOMOUNT_SA_TOKEN?: string;
  @Expose()
  @IfKubernetes()
  @IsEnvBoolean()
  WORKSPACE_K8S_POD_JANITOR_ENABLED?: string;
  @Expose()
  @IfKubernetes()
  @IsEnvInteger(1, 86400)
  WORKSPACE_K8S_POD_JANITOR_INTERVAL_SECONDS?: string;
  @Expose()
  @IfKubernetes()
  @IsEnvInteger(0)
  WORKSPACE_K8S_SESSION_POD_TERMINAL_TTL_SECONDS?: string;
  @Expose()
  @IfKubernetes()
  @IsEnvInteger(0)
  WORKSPACE_K8S_CONTAINER_POD_TERMINAL_TTL_SECONDS?: string;
  @Expose()
  @IfKubernetes()
  @IsEnvInteger(0)
  WORKSPACE_K8S_MISSING_SESSION_GRACE_SECONDS?: string;
}
