import type { ToolsConfig } from '#app/config';
import type { JsonObject } from '#app/contracts';

/**
 * CATALOG.md 18 "Strictness": always strict when synthetic fallbacks are disallowed
 * (`WORKSPACE_CONTAINER_ALLOW_SYNTHETIC_FALLBACK=false`); otherwise the request's `strict`, else
 * `WORKSPACE_CONTAINER_STRICT_BY_DEFAULT`. `sentArgs` are the args as the caller sent them
 * (`ToolContext.sentArgs`): the schema default of `strict` would hide the configured one.
 */
export function isStrict(tools: ToolsConfig, sentArgs: JsonObject): boolean {
  if (!tools.containerAllowSyntheticFallback) {
    return true;
  }
  const strict = sentArgs['strict'];
  return typeof strict === 'boolean' ? strict : tools.containerStrictByDefault;
}
