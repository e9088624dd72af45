import { Expose } from 'class-transformer';
import { parseConnProfiles, parseEndpointMap, parseHostAllowlist } from './env-json.parsers.js';
import { IsEnvBoolean, IsJsonShape } from './env.decorators.js';
import { IfSet } from './env.schema.conditions.js';
import { AccessVariables } from './env.schema.access.js';

/** CONFIG.md 2.7: tool behaviour (connection profiles, containers, delivery tools). */
export class ToolVariables extends AccessVariables {
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
}
