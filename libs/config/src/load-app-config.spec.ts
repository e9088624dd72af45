import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig } from './app-config.js';
import { ConfigValidationError } from './config-validation.error.js';
import { loadAppConfig } from './load-app-config.js';

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadAppConfig(env);
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      return error.problems;
    }
    throw error;
  }
  return [];
}

describe('loadAppConfig', () => {
  describe('defaults', () => {
    it('should run with memory stores, local workspaces and port 50053 when nothing is set', () => {
      const config = loadAppConfig({});

      expect(config).toBeInstanceOf(AppConfig);
      expect(config.server).toEqual({
        port: 50053,
        logLevel: 'info',
        shutdownGraceSeconds: 30,
        version: 'unknown',
        environment: 'unknown',
      });
      expect(config.workspace).toEqual({
        backend: 'local',
        root: '/tmp/swe-workspaces',
        artifactRoot: '/tmp/swe-artifacts',
        sourceRepoAllowlist: [],
        maxSessionTtlSeconds: 86400,
        maxSessionLifetimeSeconds: 86400,
        sweepIntervalSeconds: 60,
        sessionIdleTimeoutSeconds: 0,
        cloneTimeoutSeconds: 120,
        maxSessionsPerPrincipal: 50,
        localSandbox: 'required',
        allowUnsandboxed: false,
      });
      expect(config.stores).toEqual({
        invocation: { backend: 'memory', keyPrefix: 'workspace:invocation', ttlSeconds: 86400 },
        session: { backend: 'memory', keyPrefix: 'workspace:session', ttlSeconds: 86400 },
        valkey: null,
        replicaId: `${hostname()}-${process.pid}`,
      });
      expect(loadAppConfig({ WORKSPACE_REPLICA_ID: 'replica-1' }).stores.replicaId).toBe(
        'replica-1',
      );
      expect(config.auth).toEqual({
        mode: 'payload',
        tokenHeader: 'x-workspace-auth-token',
        tenantHeader: 'x-workspace-tenant-id',
        actorHeader: 'x-workspace-actor-id',
        rolesHeader: 'x-workspace-roles',
      });
      expect(config.auth.sharedToken).toBeUndefined();
      expect(config.limits).toEqual({
        ratePerMinute: 0,
        ratePerMinutePerPrincipal: 0,
        maxConcurrencyPerSession: 0,
        maxOutputBytes: 0,
        maxArtifacts: 0,
        maxArtifactBytes: 0,
      });
      expect(config.tools).toEqual({
        connProfiles: null,
        connProfileEndpoints: {},
        connProfileHostAllowlist: null,
        containerStrictByDefault: true,
        containerAllowSyntheticFallback: true,
        enableK8sDeliveryTools: false,
      });
      expect(config.telemetry).toEqual({
        enabled: false,
        version: 'unknown',
        environment: 'unknown',
      });
      expect(config.kubernetes).toBeNull();
    });

    it('should use the default when a variable is empty or only whitespace', () => {
      const config = loadAppConfig({ PORT: '', LOG_LEVEL: '  \n', WORKSPACE_ROOT: '\t' });

      expect(config.server.port).toBe(50053);
      expect(config.server.logLevel).toBe('info');
      expect(config.workspace.root).toBe('/tmp/swe-workspaces');
    });

    it('should ignore variables that are not part of the configuration when they are set', () => {
      expect(() => loadAppConfig({ SOMETHING_ELSE: 'x', PATH: '/usr/bin' })).not.toThrow();
    });
  });

  describe('immutability', () => {
    it('should deep-freeze the configuration when it is loaded', () => {
      const config = loadAppConfig({ WORKSPACE_SOURCE_REPO_ALLOWLIST: '/srv/repos' });

      expect(Object.isFrozen(config)).toBe(true);
      expect(Object.isFrozen(config.server)).toBe(true);
      expect(Object.isFrozen(config.stores.invocation)).toBe(true);
      expect(Object.isFrozen(config.workspace.sourceRepoAllowlist)).toBe(true);
      expect(() => {
        (config.server as { port: number }).port = 1;
      }).toThrow(TypeError);
    });
  });

  describe('trimming', () => {
    it('should trim surrounding whitespace and a trailing newline when parsing values', () => {
      const config = loadAppConfig({
        PORT: ' 42 ',
        WORKSPACE_BACKEND: ' local\n',
        WORKSPACE_VERSION: '  1.2.3\n',
      });

      expect(config.server.port).toBe(42);
      expect(config.workspace.backend).toBe('local');
      expect(config.server.version).toBe('1.2.3');
      expect(config.telemetry.version).toBe('1.2.3');
    });
  });

  describe('integers', () => {
    it.each(['+1', '1.0', '1e3', '1_000', '0x10', 'ten', '- 1'])(
      'should reject %j when an integer is expected',
      (value) => {
        expect(problemsOf({ WORKSPACE_RATE_LIMIT_PER_MINUTE: value })).toEqual([
          `WORKSPACE_RATE_LIMIT_PER_MINUTE: must be an integer >= 0 (got "${value}")`,
        ]);
      },
    );

    it('should accept leading zeros and zero when the range allows it', () => {
      const config = loadAppConfig({
        WORKSPACE_RATE_LIMIT_PER_MINUTE: '007',
        WORKSPACE_SHUTDOWN_GRACE_SECONDS: '0',
      });

      expect(config.limits.ratePerMinute).toBe(7);
      expect(config.server.shutdownGraceSeconds).toBe(0);
    });

    it('should report the range when a value is outside it', () => {
      expect(problemsOf({ PORT: '0' })).toEqual([
        'PORT: must be an integer between 1 and 65535 (got "0")',
      ]);
      expect(problemsOf({ PORT: '65536' })).toEqual([
        'PORT: must be an integer between 1 and 65535 (got "65536")',
      ]);
      expect(problemsOf({ WORKSPACE_MAX_OUTPUT_BYTES_PER_INVOCATION: '-1' })).toEqual([
        'WORKSPACE_MAX_OUTPUT_BYTES_PER_INVOCATION: must be an integer >= 0 (got "-1")',
      ]);
      expect(problemsOf({ WORKSPACE_MAX_SESSION_TTL_SECONDS: '0' })).toEqual([
        'WORKSPACE_MAX_SESSION_TTL_SECONDS: must be an integer >= 1 (got "0")',
      ]);
      expect(problemsOf({ WORKSPACE_MAX_SESSION_LIFETIME_SECONDS: '0' })).toEqual([
        'WORKSPACE_MAX_SESSION_LIFETIME_SECONDS: must be an integer >= 1 (got "0")',
      ]);
      expect(problemsOf({ WORKSPACE_SESSION_IDLE_TIMEOUT_SECONDS: '-1' })).toEqual([
        'WORKSPACE_SESSION_IDLE_TIMEOUT_SECONDS: must be an integer >= 0 (got "-1")',
      ]);
      expect(problemsOf({ WORKSPACE_SESSION_IDLE_TIMEOUT_SECONDS: '2.5' })).toEqual([
        'WORKSPACE_SESSION_IDLE_TIMEOUT_SECONDS: must be an integer >= 0 (got "2.5")',
      ]);
    });

    it('should accept the bounds when a value is exactly at them', () => {
      const config = loadAppConfig({
        PORT: '65535',
        WORKSPACE_SHUTDOWN_GRACE_SECONDS: '3600',
        WORKSPACE_SESSION_SWEEP_INTERVAL_SECONDS: '86400',
        WORKSPACE_SESSION_IDLE_TIMEOUT_SECONDS: '0',
      });

      expect(config.server.port).toBe(65535);
      expect(config.server.shutdownGraceSeconds).toBe(3600);
      expect(config.workspace.sweepIntervalSeconds).toBe(86400);
      expect(config.workspace.sessionIdleTimeoutSeconds).toBe(0);
    });

    it('should reject an integer when it is too large to be represented exactly', () => {
      expect(problemsOf({ INVOCATION_STORE_TTL_SECONDS: '9007199254740993' })).toEqual([
        'INVOCATION_STORE_TTL_SECONDS: must be an integer >= 0 (got "9007199254740993")',
      ]);
    });
  });

  describe('booleans', () => {
    it.each([
      ['TRUE', true],
      ['Yes', true],
      ['on', true],
      ['1', true],
      ['False', false],
      ['NO', false],
      ['off', false],
      ['0', false],
    ])('should read %j as %s when a boolean is expected', (value, expected) => {
      expect(
        loadAppConfig({ WORKSPACE_ENABLE_K8S_DELIVERY_TOOLS: value }).tools.enableK8sDeliveryTools,
      ).toBe(expected);
    });

    it.each(['2', 'y', 'enabled', 'truthy'])(
      'should reject %j when a boolean is expected',
      (value) => {
        expect(problemsOf({ WORKSPACE_CONTAINER_STRICT_BY_DEFAULT: value })).toEqual([
          `WORKSPACE_CONTAINER_STRICT_BY_DEFAULT: must be a boolean (1, true, yes, on, 0, false, no, off) (got "${value}")`,
        ]);
      },
    );
  });

  describe('enums', () => {
    it('should store an enum lowercase when it is given in another case', () => {
      const config = loadAppConfig({ LOG_LEVEL: 'DEBUG', WORKSPACE_BACKEND: 'Local' });

      expect(config.server.logLevel).toBe('debug');
      expect(config.workspace.backend).toBe('local');
    });

    it('should map warning to warn when LOG_LEVEL is warning', () => {
      expect(loadAppConfig({ LOG_LEVEL: 'Warning' }).server.logLevel).toBe('warn');
    });

    it('should list the accepted words when an enum value is unknown', () => {
      expect(problemsOf({ LOG_LEVEL: 'trace' })).toEqual([
        'LOG_LEVEL: must be one of debug, info, warn, warning, error (got "trace")',
      ]);
    });
  });

  describe('workspace paths', () => {
    let dir: string;

    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'config-spec-'));
    });

    afterEach(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    it('should clean the roots when they contain redundant separators', () => {
      const config = loadAppConfig({
        WORKSPACE_ROOT: '/srv//ws/',
        ARTIFACT_ROOT: '/srv/a/../artifacts',
      });

      expect(config.workspace.root).toBe('/srv/ws');
      expect(config.workspace.artifactRoot).toBe('/srv/artifacts');
    });

    it('should reject a root when it is relative or the filesystem root', () => {
      expect(problemsOf({ WORKSPACE_ROOT: 'tmp/ws', ARTIFACT_ROOT: '/' })).toEqual([
        'WORKSPACE_ROOT: must be an absolute path other than / (got "tmp/ws")',
        'ARTIFACT_ROOT: must be an absolute path other than / (got "/")',
      ]);
    });

    it('should resolve existing allowlist entries to real paths and clean missing ones', () => {
      const real = join(dir, 'real');
      mkdirSync(real);
      const link = join(dir, 'link');
      symlinkSync(real, link);

      const config = loadAppConfig({
        WORKSPACE_SOURCE_REPO_ALLOWLIST: ` ${link}/ , ,/missing//repos/ ,`,
      });

      expect(config.workspace.sourceRepoAllowlist).toEqual([realpathSync(real), '/missing/repos']);
    });

    it('should name the relative item when an allowlist entry is not absolute', () => {
      expect(problemsOf({ WORKSPACE_SOURCE_REPO_ALLOWLIST: '/srv/repos,repos' })).toEqual([
        'WORKSPACE_SOURCE_REPO_ALLOWLIST: every item must be an absolute path or an https, http, ssh or git URL ("repos" is not) (got "/srv/repos,repos")',
      ]);
    });

    it('should keep URL entries of the source allowlist as given and refuse other schemes', () => {
      const config = loadAppConfig({
        WORKSPACE_SOURCE_REPO_ALLOWLIST:
          '/srv/repos,git://127.0.0.1:9418/mirror,https://[::1]:8443',
      });
      expect(config.workspace.sourceRepoAllowlist).toEqual([
        '/srv/repos',
        'git://127.0.0.1:9418/mirror',
        'https://[::1]:8443',
      ]);
      expect(problemsOf({ WORKSPACE_SOURCE_REPO_ALLOWLIST: 'ext::sh' })).toHaveLength(1);
      expect(problemsOf({ WORKSPACE_SOURCE_REPO_ALLOWLIST: 'file:///srv' })).toHaveLength(1);
    });

    it('should default the clone deadline to 120 s and the per-principal session cap to 50, 0 turning it off', () => {
      expect(loadAppConfig({}).workspace).toMatchObject({
        cloneTimeoutSeconds: 120,
        maxSessionsPerPrincipal: 50,
      });
      expect(
        loadAppConfig({
          WORKSPACE_CLONE_TIMEOUT_SECONDS: '5',
          WORKSPACE_MAX_SESSIONS_PER_PRINCIPAL: '0',
        }).workspace,
      ).toMatchObject({
        cloneTimeoutSeconds: 5,
        maxSessionsPerPrincipal: 0,
      });
      expect(
        problemsOf({
          WORKSPACE_CLONE_TIMEOUT_SECONDS: '0',
          WORKSPACE_MAX_SESSIONS_PER_PRINCIPAL: '-1',
        }),
      ).toHaveLength(2);
    });
  });
});
