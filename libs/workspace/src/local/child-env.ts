const SCRUBBED_PREFIXES = ['WORKSPACE_', 'VALKEY_', 'INVOCATION_STORE_', 'SESSION_STORE_', 'OTEL_'];
const SCRUBBED_NAMES = new Set(['KUBECONFIG']);
const SCRUBBED_FRAGMENTS = ['TOKEN', 'PASSWORD', 'SECRET'];

/**
 * The environment of a program run on the service host (CONFIG.md 3, API.md 8.3): the service
 * environment without service settings and secrets, plus `GIT_TERMINAL_PROMPT=0`, then `extra`.
 *
 * `serviceEnv` is the snapshot taken once at boot (`snapshotProcessEnvironment` in libs/config); this
 * library never reads the process environment itself.
 */
export function buildChildEnvironment(
  serviceEnv: Readonly<Record<string, string | undefined>>,
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(serviceEnv)) {
    if (value !== undefined && !isScrubbed(name)) {
      env[name] = value;
    }
  }
  env.GIT_TERMINAL_PROMPT = '0';
  return Object.assign(env, extra);
}

export function isScrubbed(name: string): boolean {
  if (SCRUBBED_NAMES.has(name) || SCRUBBED_PREFIXES.some((prefix) => name.startsWith(prefix))) {
    return true;
  }
  // The contains-check ignores case on purpose: `github_token` or `DbPassword` leak just as much,
  // and dropping a harmless variable is cheaper than leaking a credential.
  const upper = name.toUpperCase();
  return SCRUBBED_FRAGMENTS.some((fragment) => upper.includes(fragment));
}
