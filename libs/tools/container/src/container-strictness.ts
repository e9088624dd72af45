import type { ToolsConfig } from '#app/config';

/**
 * CATALOG.md 18 "Strictness": always strict when synthetic fallbacks are disallowed
 * (`WORKSPACE_CONTAINER_ALLOW_SYNTHETIC_FALLBACK=false`); otherwise the request's `strict`, else
 * `WORKSPACE_CONTAINER_STRICT_BY_DEFAULT` (`strict` is a `ComputedDefault` member).
 */
export function isStrict(tools: ToolsConfig, strict: boolean | undefined): boolean {
  if (!tools.containerAllowSyntheticFallback) {
    return true;
  }
  return strict ?? tools.containerStrictByDefault;
}
