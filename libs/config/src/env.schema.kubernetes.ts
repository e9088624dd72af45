import { Expose } from 'class-transformer';
import { parseImageBundles } from './env-json.parsers.js';
import {
  IsAbsolutePathBelowWorkspace,
  IsDnsLabel,
  IsDnsSubdomain,
  IsEnvBoolean,
  IsEnvFalse,
  IsEnvInteger,
  IsJsonShape,
  IsWithoutWhitespace,
} from './env.decorators.js';
import { IfKubernetes } from './env.schema.conditions.js';
import { TelemetryVariables } from './env.schema.telemetry.js';

const INT32_MAX = 2147483647;

/**
 * CONFIG.md 2.9 (Kubernetes backend) and 2.10 (pod janitor), validated only when
 * WORKSPACE_BACKEND=kubernetes.
 */
export class KubernetesVariables extends TelemetryVariables {
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
