import { ConfigValidationError } from './config-validation.error.js';
import { loadAppConfig } from './load-app-config.js';

function errorOf(env: Record<string, string | undefined>): ConfigValidationError {
  try {
    loadAppConfig(env);
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected loadAppConfig to fail');
}

describe('loadAppConfig problem reporting', () => {
  it('should collect every problem into one error when several variables are bad', () => {
    const error = errorOf({
      WORKSPACE_BACKEND: 'docker',
      WORKSPACE_RATE_LIMIT_PER_MINUTE: 'ten',
    });

    expect(error.problems).toEqual([
      'WORKSPACE_BACKEND: must be one of local, kubernetes (got "docker")',
      'WORKSPACE_RATE_LIMIT_PER_MINUTE: must be an integer >= 0 (got "ten")',
    ]);
    expect(error.format()).toBe(
      'invalid configuration (2 problems):\n' +
        '  WORKSPACE_BACKEND: must be one of local, kubernetes (got "docker")\n' +
        '  WORKSPACE_RATE_LIMIT_PER_MINUTE: must be an integer >= 0 (got "ten")',
    );
    expect(error.message).toBe(error.format());
  });

  it('should accept WORKSPACE_LOCAL_SANDBOX=off, read auto as required and refuse an unknown mode', () => {
    expect(loadAppConfig({ WORKSPACE_LOCAL_SANDBOX: 'off' }).workspace.localSandbox).toBe('off');
    expect(loadAppConfig({ WORKSPACE_LOCAL_SANDBOX: 'auto' }).workspace.localSandbox).toBe(
      'required',
    );
    expect(loadAppConfig({ WORKSPACE_LOCAL_SANDBOX: 'Required' }).workspace.localSandbox).toBe(
      'required',
    );
    expect(errorOf({ WORKSPACE_LOCAL_SANDBOX: 'always' }).format()).toContain(
      'WORKSPACE_LOCAL_SANDBOX: must be one of required, auto, off (got "always")',
    );
  });

  it('should refuse WORKSPACE_LOCAL_SANDBOX=off under trusted_headers unless WORKSPACE_ALLOW_UNSANDBOXED=true', () => {
    const trusted = { WORKSPACE_AUTH_MODE: 'trusted_headers', WORKSPACE_AUTH_SHARED_TOKEN: 't' };

    expect(errorOf({ ...trusted, WORKSPACE_LOCAL_SANDBOX: 'OFF' }).problems).toEqual([
      'WORKSPACE_LOCAL_SANDBOX: must not be off when WORKSPACE_AUTH_MODE=trusted_headers unless WORKSPACE_ALLOW_UNSANDBOXED=true (got "OFF")',
    ]);
    expect(
      errorOf({ ...trusted, WORKSPACE_LOCAL_SANDBOX: 'off', WORKSPACE_ALLOW_UNSANDBOXED: 'no' })
        .problems,
    ).toHaveLength(1);
    expect(errorOf({ WORKSPACE_ALLOW_UNSANDBOXED: 'sure' }).problems).toEqual([
      'WORKSPACE_ALLOW_UNSANDBOXED: must be a boolean (1, true, yes, on, 0, false, no, off) (got "sure")',
    ]);
    const allowed = loadAppConfig({
      ...trusted,
      WORKSPACE_LOCAL_SANDBOX: 'off',
      WORKSPACE_ALLOW_UNSANDBOXED: 'true',
    });
    expect(allowed.workspace).toMatchObject({ localSandbox: 'off', allowUnsandboxed: true });
    // The sandbox only concerns programs run on this host: kubernetes sessions run them in their pod.
    expect(
      loadAppConfig({ ...trusted, WORKSPACE_LOCAL_SANDBOX: 'off', WORKSPACE_BACKEND: 'kubernetes' })
        .workspace.localSandbox,
    ).toBe('off');
    expect(loadAppConfig({ ...trusted }).workspace.localSandbox).toBe('required');
  });

  it('should say "1 problem" when exactly one variable is bad', () => {
    expect(errorOf({ PORT: 'http' }).format()).toBe(
      'invalid configuration (1 problem):\n  PORT: must be an integer between 1 and 65535 (got "http")',
    );
  });

  it('should report problems in the order of CONFIG.md when variables of many groups are bad', () => {
    const error = errorOf({
      WORKSPACE_OTEL_ENABLED: 'maybe',
      PORT: '-5',
      WORKSPACE_MAX_ARTIFACTS_PER_INVOCATION: '1.5',
      SESSION_STORE_BACKEND: 'redis',
      WORKSPACE_CONN_PROFILE_ENDPOINTS_JSON: '{',
      LOG_LEVEL: 'loud',
    });

    expect(error.problems.map((line) => line.split(':')[0])).toEqual([
      'PORT',
      'LOG_LEVEL',
      'SESSION_STORE_BACKEND',
      'WORKSPACE_MAX_ARTIFACTS_PER_INVOCATION',
      'WORKSPACE_CONN_PROFILE_ENDPOINTS_JSON',
      'WORKSPACE_OTEL_ENABLED',
    ]);
  });

  it('should never echo the shared token when other auth problems are reported', () => {
    const token = 'super-secret-token-value';

    const error = errorOf({
      WORKSPACE_AUTH_MODE: 'trusted_headers',
      WORKSPACE_AUTH_SHARED_TOKEN: token,
      WORKSPACE_AUTH_TENANT_HEADER: 'bad header',
    });

    expect(error.problems).toEqual([
      'WORKSPACE_AUTH_TENANT_HEADER: must be a valid HTTP header name (RFC 9110 token characters only) (got "bad header")',
    ]);
    expect(error.format()).not.toContain(token);
  });

  it('should never echo the Valkey password when Valkey problems are reported', () => {
    const error = errorOf({
      SESSION_STORE_BACKEND: 'valkey',
      VALKEY_PASSWORD: 'hunter2-password',
      VALKEY_DB: '-1',
    });

    expect(error.problems).toEqual(['VALKEY_DB: must be an integer >= 0 (got "-1")']);
    expect(error.format()).not.toContain('hunter2-password');
  });

  it('should cut a value with … when it is longer than 80 characters', () => {
    const value = `/${'a'.repeat(100)}`.replace('/', 'relative-');

    const [problem] = errorOf({ WORKSPACE_ROOT: value }).problems;

    expect(problem).toBe(
      `WORKSPACE_ROOT: must be an absolute path other than / (got "${value.slice(0, 80)}…")`,
    );
  });

  it('should keep a value whole when it is exactly 80 characters long', () => {
    const value = 'x'.repeat(80);

    expect(errorOf({ WORKSPACE_BACKEND: value }).problems).toEqual([
      `WORKSPACE_BACKEND: must be one of local, kubernetes (got "${value}")`,
    ]);
  });
});
