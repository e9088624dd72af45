import { parseBoolean, parseEnum } from './env-value.parsers.js';

// Feature switches that decide which groups are validated (CONFIG.md 1.1 "conditional on use").
// They read the trimmed raw values, so an invalid switch (reported on its own) switches nothing on.

type RawEnv = Record<string, string | undefined>;

function is(env: RawEnv, name: string, word: string): boolean {
  return parseEnum(env[name] ?? '', [word]) === word;
}

export function usesValkeyInvocationStore(env: RawEnv): boolean {
  return is(env, 'INVOCATION_STORE_BACKEND', 'valkey');
}

export function usesValkeySessionStore(env: RawEnv): boolean {
  return is(env, 'SESSION_STORE_BACKEND', 'valkey');
}

export function usesValkey(env: RawEnv): boolean {
  return usesValkeyInvocationStore(env) || usesValkeySessionStore(env);
}

export function usesS3ArtifactStore(env: RawEnv): boolean {
  return is(env, 'ARTIFACT_STORE_BACKEND', 's3');
}

export function isTrustedHeadersMode(env: RawEnv): boolean {
  return is(env, 'WORKSPACE_AUTH_MODE', 'trusted_headers');
}

export function isTracingEnabled(env: RawEnv): boolean {
  return parseBoolean(env.WORKSPACE_OTEL_ENABLED ?? '') === true;
}

export function isKubernetesBackend(env: RawEnv): boolean {
  return is(env, 'WORKSPACE_BACKEND', 'kubernetes');
}
