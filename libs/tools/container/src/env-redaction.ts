const SENSITIVE_KEY = /token|password|secret|authorization/i;

/** CATALOG.md 18 `container.run` output: sorted `KEY=VALUE`, sensitive values as `[REDACTED]`. */
export function redactedEnv(env: Readonly<Record<string, string>>): string[] {
  return Object.keys(env)
    .sort()
    .map((key) => `${key}=${SENSITIVE_KEY.test(key) ? '[REDACTED]' : env[key]}`);
}
