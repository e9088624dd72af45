import type { ToolsConfig } from '#app/config';
import type { JsonObject } from '#app/contracts';
import { readBoolean } from '#app/tooling';

/**
 * CATALOG.md 18 "Strictness": always strict when synthetic fallbacks are disallowed
 * (`WORKSPACE_CONTAINER_ALLOW_SYNTHETIC_FALLBACK=false`); otherwise the request's `strict`, else
 * `WORKSPACE_CONTAINER_STRICT_BY_DEFAULT`.
 */
export function isStrict(tools: ToolsConfig, args: JsonObject): boolean {
  if (!tools.containerAllowSyntheticFallback) {
    return true;
  }
  return readBoolean(args, 'strict', tools.containerStrictByDefault);
}
