import { Expose } from 'class-transformer';
import { IsDefined, ValidateIf } from 'class-validator';
import { isTrustedHeadersMode } from './env.conditions.js';
import {
  IsApprovalModeAuthenticated,
  IsDistinctHeaderName,
  IsEnvBoolean,
  IsEnvEnum,
  IsEnvInteger,
} from './env.decorators.js';
import { ENV_DEFAULTS } from './env.defaults.js';
import { IfSet, IfTrustedHeaders } from './env.schema.conditions.js';
import { StoreVariables } from './env.schema.stores.js';

const AUTH_HEADERS = (
  [
    'WORKSPACE_AUTH_TENANT_HEADER',
    'WORKSPACE_AUTH_ACTOR_HEADER',
    'WORKSPACE_AUTH_ROLES_HEADER',
    'WORKSPACE_AUTH_TOKEN_HEADER',
  ] as const
).map((name) => ({ name, fallback: ENV_DEFAULTS[name] }));

/**
 * CONFIG.md 2.5 and 2.6: who may call (authentication, approval requests) and how much (rate
 * limits and quotas).
 */
export class AccessVariables extends StoreVariables {
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
}
