import { Expose } from 'class-transformer';
import { IsDefined, ValidateIf } from 'class-validator';
import { usesS3ArtifactStore } from './env.conditions.js';
import {
  IsSourceAllowlist,
  IsAbsolutePathNotRoot,
  IsEnvBoolean,
  IsEnvEnum,
  IsEnvInteger,
  IsHttpBaseUrl,
  IsS3BucketName,
  IsSandboxAllowedOff,
  IsWithoutWhitespace,
} from './env.decorators.js';
import { IfSet, IfS3ArtifactStore } from './env.schema.conditions.js';
import { ServerVariables } from './env.schema.server.js';

/** CONFIG.md 2.2: workspaces, sessions, artifacts and the local command sandbox. */
export class WorkspaceVariables extends ServerVariables {
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
}
