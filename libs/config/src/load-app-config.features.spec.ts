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

describe('loadAppConfig conditional groups', () => {
  describe('stores and Valkey', () => {
    const badValkey = { VALKEY_PORT: 'abc', VALKEY_DB: 'x', VALKEY_ADDR: 'nope' };

    it('should ignore bad Valkey variables when both stores are memory', () => {
      const config = loadAppConfig({ ...badValkey, INVOCATION_STORE_KEY_PREFIX: 'has space' });

      expect(config.stores.valkey).toBeNull();
      expect(config.stores.invocation.keyPrefix).toBe('workspace:invocation');
    });

    it('should report a bad VALKEY_PORT when a store is valkey and VALKEY_ADDR is unset', () => {
      expect(problemsOf({ SESSION_STORE_BACKEND: 'valkey', VALKEY_PORT: 'abc' })).toEqual([
        'VALKEY_PORT: must be an integer between 1 and 65535 (got "abc")',
      ]);
    });

    it('should ignore VALKEY_HOST and VALKEY_PORT when VALKEY_ADDR is set', () => {
      const config = loadAppConfig({
        INVOCATION_STORE_BACKEND: 'valkey',
        VALKEY_ADDR: 'cache.internal:7000',
        VALKEY_HOST: 'bad host',
        VALKEY_PORT: 'abc',
      });

      expect(config.stores.valkey).toEqual({ host: 'cache.internal', port: 7000, db: 0 });
    });

    it('should use the Valkey defaults when a store is valkey and nothing else is set', () => {
      const config = loadAppConfig({ INVOCATION_STORE_BACKEND: 'VALKEY' });

      expect(config.stores.invocation.backend).toBe('valkey');
      expect(config.stores.session.backend).toBe('memory');
      expect(config.stores.valkey).toEqual({
        host: 'valkey.swe-ai-fleet.svc.cluster.local',
        port: 6379,
        db: 0,
      });
    });

    it('should strip the brackets of an IPv6 VALKEY_ADDR when it is valid', () => {
      const config = loadAppConfig({
        SESSION_STORE_BACKEND: 'valkey',
        VALKEY_ADDR: '[fd00::5]:6380',
        VALKEY_DB: '3',
        VALKEY_PASSWORD: ' secret ',
      });

      expect(config.stores.valkey).toEqual({
        host: 'fd00::5',
        port: 6380,
        db: 3,
        password: 'secret',
      });
    });

    it.each(['fd00::5:6379', '[fd00::5]', 'host', 'host:0', 'host:+80', '[nothost]:6379', ':6379'])(
      'should reject VALKEY_ADDR %j when a store is valkey',
      (value) => {
        expect(problemsOf({ SESSION_STORE_BACKEND: 'valkey', VALKEY_ADDR: value })).toEqual([
          `VALKEY_ADDR: must be host:port with a port between 1 and 65535 (IPv6 host in brackets) (got "${value}")`,
        ]);
      },
    );

    it('should validate only the key prefix of the valkey store when the other store is memory', () => {
      expect(
        problemsOf({
          SESSION_STORE_BACKEND: 'valkey',
          SESSION_STORE_KEY_PREFIX: 'a b',
          INVOCATION_STORE_KEY_PREFIX: 'c d',
        }),
      ).toEqual(['SESSION_STORE_KEY_PREFIX: must not contain whitespace (got "a b")']);
    });

    it('should refuse a replica id with whitespace (it names a Valkey key)', () => {
      expect(problemsOf({ WORKSPACE_REPLICA_ID: 'replica a' })).toEqual([
        'WORKSPACE_REPLICA_ID: must not contain whitespace (got "replica a")',
      ]);
    });

    it('should keep a custom key prefix when its store is valkey', () => {
      const config = loadAppConfig({
        INVOCATION_STORE_BACKEND: 'valkey',
        INVOCATION_STORE_KEY_PREFIX: 'ws:inv',
      });

      expect(config.stores.invocation.keyPrefix).toBe('ws:inv');
    });
  });

  describe('artifact store', () => {
    it('should use the local store and ignore bad S3 variables when the backend is local', () => {
      const config = loadAppConfig({ ARTIFACT_S3_BUCKET: 'Bad_Bucket', ARTIFACT_S3_ENDPOINT: 'x' });

      expect(config.artifacts).toEqual({ backend: 'local', inlineMaxBytes: 65536, s3: null });
    });

    it('should name the missing bucket when the backend is s3', () => {
      expect(problemsOf({ ARTIFACT_STORE_BACKEND: 's3' })).toEqual([
        'ARTIFACT_S3_BUCKET: required when ARTIFACT_STORE_BACKEND=s3',
      ]);
    });

    it('should apply the S3 defaults when only the bucket is set', () => {
      const config = loadAppConfig({ ARTIFACT_STORE_BACKEND: 'S3', ARTIFACT_S3_BUCKET: 'wes-art' });

      expect(config.artifacts).toEqual({
        backend: 's3',
        inlineMaxBytes: 65536,
        s3: { bucket: 'wes-art', region: 'us-east-1', forcePathStyle: false, prefix: 'workspace/' },
      });
    });

    it('should read the inline limit for output and logs whatever the backend', () => {
      expect(loadAppConfig({ WORKSPACE_INLINE_ARTIFACT_MAX_BYTES: '0' }).artifacts).toMatchObject({
        backend: 'local',
        inlineMaxBytes: 0,
      });
      expect(() => loadAppConfig({ WORKSPACE_INLINE_ARTIFACT_MAX_BYTES: '-1' })).toThrow(
        'WORKSPACE_INLINE_ARTIFACT_MAX_BYTES: must be an integer >= 0 (got "-1")',
      );
    });

    it('should read every S3 setting when the backend is s3', () => {
      const config = loadAppConfig({
        ARTIFACT_STORE_BACKEND: 's3',
        ARTIFACT_S3_BUCKET: 'wes-art',
        ARTIFACT_S3_ENDPOINT: 'http://minio.internal:9000',
        ARTIFACT_S3_REGION: 'eu-west-1',
        ARTIFACT_S3_FORCE_PATH_STYLE: 'true',
        ARTIFACT_S3_PREFIX: 'prod/ws/',
      });

      expect(config.artifacts.s3).toEqual({
        bucket: 'wes-art',
        endpoint: 'http://minio.internal:9000',
        region: 'eu-west-1',
        forcePathStyle: true,
        prefix: 'prod/ws/',
      });
    });

    it('should report every bad S3 variable when the backend is s3', () => {
      expect(
        problemsOf({
          ARTIFACT_STORE_BACKEND: 's3',
          ARTIFACT_S3_BUCKET: 'Bad_Bucket',
          ARTIFACT_S3_ENDPOINT: 'http://minio:9000/path',
          ARTIFACT_S3_REGION: 'eu west',
          ARTIFACT_S3_FORCE_PATH_STYLE: 'maybe',
          ARTIFACT_S3_PREFIX: 'a b/',
        }),
      ).toEqual([
        'ARTIFACT_S3_BUCKET: must be an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens) (got "Bad_Bucket")',
        'ARTIFACT_S3_ENDPOINT: must be an http or https URL without credentials, path or query (got "http://minio:9000/path")',
        'ARTIFACT_S3_REGION: must not contain whitespace (got "eu west")',
        'ARTIFACT_S3_FORCE_PATH_STYLE: must be a boolean (1, true, yes, on, 0, false, no, off) (got "maybe")',
        'ARTIFACT_S3_PREFIX: must not contain whitespace (got "a b/")',
      ]);
    });

    it('should refuse an unknown backend', () => {
      expect(problemsOf({ ARTIFACT_STORE_BACKEND: 'gcs' })).toEqual([
        'ARTIFACT_STORE_BACKEND: must be one of local, s3 (got "gcs")',
      ]);
    });
  });

  describe('approval requests', () => {
    const trusted = { WORKSPACE_AUTH_MODE: 'trusted_headers', WORKSPACE_AUTH_SHARED_TOKEN: 't' };

    it('should default to the flag mode, 900 s and no self-approval', () => {
      expect(loadAppConfig({}).approvals).toEqual({
        mode: 'flag',
        ttlSeconds: 900,
        allowSelf: false,
      });
    });

    it('should read request mode, the TTL and self-approval under trusted_headers', () => {
      const config = loadAppConfig({
        ...trusted,
        WORKSPACE_APPROVAL_MODE: 'Request',
        WORKSPACE_APPROVAL_TTL_SECONDS: '60',
        WORKSPACE_APPROVAL_ALLOW_SELF: 'true',
      });

      expect(config.approvals).toEqual({ mode: 'request', ttlSeconds: 60, allowSelf: true });
    });

    it('should refuse request mode in payload mode: no approver could be told from the requester', () => {
      expect(problemsOf({ WORKSPACE_APPROVAL_MODE: 'request' })).toEqual([
        'WORKSPACE_APPROVAL_MODE: request mode requires WORKSPACE_AUTH_MODE=trusted_headers (got "request")',
      ]);
    });

    it('should refuse an unknown mode, a TTL out of range and a non-boolean flag', () => {
      expect(
        problemsOf({
          ...trusted,
          WORKSPACE_APPROVAL_MODE: 'ask',
          WORKSPACE_APPROVAL_TTL_SECONDS: '0',
          WORKSPACE_APPROVAL_ALLOW_SELF: 'maybe',
        }),
      ).toEqual([
        'WORKSPACE_APPROVAL_MODE: must be one of flag, request (got "ask")',
        'WORKSPACE_APPROVAL_TTL_SECONDS: must be an integer between 1 and 86400 (got "0")',
        expect.stringMatching(/^WORKSPACE_APPROVAL_ALLOW_SELF: /),
      ]);
    });
  });

  describe('authentication', () => {
    it('should require the shared token when the mode is trusted_headers', () => {
      expect(problemsOf({ WORKSPACE_AUTH_MODE: 'trusted_headers' })).toEqual([
        'WORKSPACE_AUTH_SHARED_TOKEN: required when WORKSPACE_AUTH_MODE=trusted_headers',
      ]);
    });

    it('should lowercase custom header names and keep the token when the mode is trusted_headers', () => {
      const config = loadAppConfig({
        WORKSPACE_AUTH_MODE: 'Trusted_Headers',
        WORKSPACE_AUTH_SHARED_TOKEN: 't0ken',
        WORKSPACE_AUTH_TENANT_HEADER: 'X-Tenant',
        WORKSPACE_AUTH_TOKEN_HEADER: 'X-Gateway-Token',
      });

      expect(config.auth).toEqual({
        mode: 'trusted_headers',
        sharedToken: 't0ken',
        tokenHeader: 'x-gateway-token',
        tenantHeader: 'x-tenant',
        actorHeader: 'x-workspace-actor-id',
        rolesHeader: 'x-workspace-roles',
      });
    });

    it('should ignore the token and header variables when the mode is payload', () => {
      const config = loadAppConfig({
        WORKSPACE_AUTH_SHARED_TOKEN: 'tok',
        WORKSPACE_AUTH_TENANT_HEADER: 'not a header',
      });

      expect(config.auth.sharedToken).toBeUndefined();
      expect(config.auth.tenantHeader).toBe('x-workspace-tenant-id');
    });

    it('should report the later header when two header names differ only in case', () => {
      expect(
        problemsOf({
          WORKSPACE_AUTH_MODE: 'trusted_headers',
          WORKSPACE_AUTH_SHARED_TOKEN: 'tok',
          WORKSPACE_AUTH_TENANT_HEADER: 'X-Who',
          WORKSPACE_AUTH_ACTOR_HEADER: 'x-who',
        }),
      ).toEqual([
        'WORKSPACE_AUTH_ACTOR_HEADER: must differ from WORKSPACE_AUTH_TENANT_HEADER, case-insensitively (got "x-who")',
      ]);
    });

    it('should report a header when it collides with the default of another header', () => {
      expect(
        problemsOf({
          WORKSPACE_AUTH_MODE: 'trusted_headers',
          WORKSPACE_AUTH_SHARED_TOKEN: 'tok',
          WORKSPACE_AUTH_TENANT_HEADER: 'X-WORKSPACE-ROLES',
        }),
      ).toEqual([
        'WORKSPACE_AUTH_TENANT_HEADER: must differ from WORKSPACE_AUTH_ROLES_HEADER, case-insensitively (got "X-WORKSPACE-ROLES")',
      ]);
    });

    it('should accept RFC 9110 token characters when they form a header name', () => {
      const config = loadAppConfig({
        WORKSPACE_AUTH_MODE: 'trusted_headers',
        WORKSPACE_AUTH_SHARED_TOKEN: 'tok',
        WORKSPACE_AUTH_ROLES_HEADER: "X-Roles!#$%&'*+.^_`|~9",
      });

      expect(config.auth.rolesHeader).toBe("x-roles!#$%&'*+.^_`|~9");
    });
  });

  describe('telemetry', () => {
    it.each([
      ['collector:4318', 'true', 'http://collector:4318/v1/traces'],
      ['collector:4318', undefined, 'https://collector:4318/v1/traces'],
      ['[::1]:4318', 'yes', 'http://[::1]:4318/v1/traces'],
      ['http://collector:4318', 'false', 'http://collector:4318/v1/traces'],
      ['https://collector.example/', undefined, 'https://collector.example/v1/traces'],
      ['http://collector:4318/custom/traces', 'false', 'http://collector:4318/custom/traces'],
    ])(
      'should derive the traces URL from %j when insecure is %j',
      (endpoint, insecure, expected) => {
        const config = loadAppConfig({
          WORKSPACE_OTEL_ENABLED: 'true',
          WORKSPACE_OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
          WORKSPACE_OTEL_EXPORTER_OTLP_INSECURE: insecure,
        });

        expect(config.telemetry.tracesEndpoint).toBe(expected);
      },
    );

    it('should leave the endpoint to the exporter default when tracing is on and no endpoint is set', () => {
      const config = loadAppConfig({
        WORKSPACE_OTEL_ENABLED: 'on',
        WORKSPACE_VERSION: '2.0.0',
        WORKSPACE_ENV: 'prod',
      });

      expect(config.telemetry).toEqual({ enabled: true, version: '2.0.0', environment: 'prod' });
    });

    it('should ignore bad exporter variables when tracing is off', () => {
      const config = loadAppConfig({
        WORKSPACE_OTEL_EXPORTER_OTLP_ENDPOINT: 'ftp://x',
        WORKSPACE_OTEL_EXPORTER_OTLP_INSECURE: 'maybe',
      });

      expect(config.telemetry.enabled).toBe(false);
      expect(config.telemetry.tracesEndpoint).toBeUndefined();
    });

    it('should report bad exporter variables when tracing is on', () => {
      expect(
        problemsOf({
          WORKSPACE_OTEL_ENABLED: '1',
          WORKSPACE_OTEL_EXPORTER_OTLP_ENDPOINT: 'ftp://collector:21',
          WORKSPACE_OTEL_EXPORTER_OTLP_INSECURE: 'maybe',
        }),
      ).toEqual([
        'WORKSPACE_OTEL_EXPORTER_OTLP_ENDPOINT: must be host:port or an http/https URL (got "ftp://collector:21")',
        'WORKSPACE_OTEL_EXPORTER_OTLP_INSECURE: must be a boolean (1, true, yes, on, 0, false, no, off) (got "maybe")',
      ]);
    });
  });

  describe('connection profiles', () => {
    it('should keep the server profiles when WORKSPACE_CONN_PROFILES_JSON is valid, and null when unset', () => {
      const config = loadAppConfig({
        WORKSPACE_CONN_PROFILES_JSON:
          '[{"id":"team.redis","kind":"redis","read_only":false,"scopes":{"key_prefixes":["team:"]}},{"id":"team.api","kind":"api","read_only":true}]',
      });

      expect(config.tools.connProfiles).toEqual([
        {
          id: 'team.redis',
          kind: 'redis',
          description: '',
          read_only: false,
          scopes: { key_prefixes: ['team:'] },
        },
        { id: 'team.api', kind: 'api', description: '', read_only: true, scopes: {} },
      ]);
      expect(loadAppConfig({}).tools.connProfiles).toBeNull();
    });

    it.each([
      ['[', 'must be valid JSON'],
      ['{"id":"x"}', 'must be a JSON array of profile objects'],
      ['["x"]', 'profile 0 must be an object'],
      [
        '[{"kind":"redis","read_only":true}]',
        'profile 0 must have a non-empty "id" without surrounding spaces',
      ],
      [
        '[{"id":"a","kind":"ftp","read_only":true}]',
        'profile "a" must have a kind among nats, kafka, rabbitmq, rabbit, redis, mongo, mongodb, http, api',
      ],
      ['[{"id":"a","kind":"redis"}]', 'profile "a" must set "read_only" to true or false'],
      [
        '[{"id":"a","kind":"redis","read_only":true,"endpoint":"x:1"}]',
        'profile "a" has unknown member "endpoint"',
      ],
      [
        '[{"id":"a","kind":"redis","read_only":true,"scopes":{"key_prefixes":[""]}}]',
        'scope "key_prefixes" of profile "a" must be an array of non-empty strings',
      ],
      [
        '[{"id":"a","kind":"redis","read_only":true,"scopes":[]}]',
        'scopes of profile "a" must be an object of string arrays',
      ],
      [
        '[{"id":"a","kind":"redis","read_only":true},{"id":"a","kind":"nats","read_only":true}]',
        'profile id "a" is repeated',
      ],
    ])('should reject the server profiles %j', (value, rule) => {
      // (Long values are cut in the echo, so only the start of the line is compared.)
      expect(problemsOf({ WORKSPACE_CONN_PROFILES_JSON: value })).toEqual([
        expect.stringMatching(
          new RegExp(
            `^WORKSPACE_CONN_PROFILES_JSON: ${rule.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(got "`,
          ),
        ),
      ]);
    });

    it('should trim keys and drop blank entries when endpoints are configured', () => {
      const config = loadAppConfig({
        WORKSPACE_CONN_PROFILE_ENDPOINTS_JSON:
          '{" dev.nats ":"nats://nats.dev:4222","bench.api":"  ","":"http://x"}',
      });

      expect(config.tools.connProfileEndpoints).toEqual({ 'dev.nats': 'nats://nats.dev:4222' });
    });

    it.each([
      ['{', 'must be valid JSON'],
      ['["a"]', 'must be a JSON object of profile id to endpoint string'],
      ['{"dev.nats":4222}', 'endpoint of profile "dev.nats" must be a string'],
    ])('should reject the endpoints %j', (value, rule) => {
      expect(problemsOf({ WORKSPACE_CONN_PROFILE_ENDPOINTS_JSON: value })).toEqual([
        `WORKSPACE_CONN_PROFILE_ENDPOINTS_JSON: ${rule} (got "${value}")`,
      ]);
    });

    it('should keep CIDR, suffix and host rules when the host allowlist is valid', () => {
      const config = loadAppConfig({
        WORKSPACE_CONN_PROFILE_HOST_ALLOWLIST_JSON:
          '{"dev.nats":["*.Dev"," 10.0.0.0/8 ","fd00::/8","nats.example"],"dev.kafka":[]}',
      });

      expect(config.tools.connProfileHostAllowlist).toEqual({
        'dev.nats': ['*.dev', '10.0.0.0/8', 'fd00::/8', 'nats.example'],
        'dev.kafka': [],
      });
    });

    it.each([
      [
        '{"dev.nats":["10.0.0.0/33"]}',
        'rule "10.0.0.0/33" of profile "dev.nats" is not a valid CIDR',
      ],
      ['{"dev.nats":["10.0.0/8"]}', 'rule "10.0.0/8" of profile "dev.nats" is not a valid CIDR'],
      [
        '{"dev.nats":["fd00::/129"]}',
        'rule "fd00::/129" of profile "dev.nats" is not a valid CIDR',
      ],
      ['{"dev.nats":[" "]}', 'profile "dev.nats" has an empty rule'],
      ['{"dev.nats":"*.dev"}', 'rules of profile "dev.nats" must be an array of strings'],
      ['{"dev.nats":[8]}', 'rules of profile "dev.nats" must be strings'],
      [
        '{"dev.nats":["a b"]}',
        'rule "a b" of profile "dev.nats" is not a CIDR, *.suffix or host name',
      ],
      ['[]', 'must be a JSON object of profile id to an array of host rules'],
      ['{"dev.nats":', 'must be valid JSON'],
    ])('should reject the host allowlist %j', (value, rule) => {
      expect(problemsOf({ WORKSPACE_CONN_PROFILE_HOST_ALLOWLIST_JSON: value })).toEqual([
        `WORKSPACE_CONN_PROFILE_HOST_ALLOWLIST_JSON: ${rule} (got "${value}")`,
      ]);
    });
  });

  describe('kubernetes', () => {
    const badKubernetes = {
      WORKSPACE_K8S_NAMESPACE: 'Bad_Namespace',
      WORKSPACE_K8S_POD_PREFIX: 'a'.repeat(31),
      WORKSPACE_K8S_WORKDIR: '/tmp/repo',
      WORKSPACE_K8S_RUN_AS_USER: '0',
      WORKSPACE_K8S_RUNNER_IMAGE_BUNDLES_JSON: '{"base":1}',
      WORKSPACE_K8S_POD_JANITOR_INTERVAL_SECONDS: '0',
    };

    it('should ignore the kubernetes variables when the backend is local', () => {
      const config = loadAppConfig(badKubernetes);

      expect(config.kubernetes).toBeNull();
    });

    it('should report every bad kubernetes variable when the backend is kubernetes', () => {
      expect(problemsOf({ ...badKubernetes, WORKSPACE_BACKEND: 'kubernetes' })).toEqual([
        'WORKSPACE_K8S_NAMESPACE: must be a DNS-1123 label (lowercase letters, digits and -, at most 63 characters) (got "Bad_Namespace")',
        'WORKSPACE_K8S_RUNNER_IMAGE_BUNDLES_JSON: image of profile "base" must be a string (got "{"base":1}")',
        'WORKSPACE_K8S_WORKDIR: must be an absolute path below /workspace/ (got "/tmp/repo")',
        `WORKSPACE_K8S_POD_PREFIX: must be a DNS-1123 label (lowercase letters, digits and -, at most 30 characters) (got "${'a'.repeat(31)}")`,
        'WORKSPACE_K8S_RUN_AS_USER: must be an integer between 1 and 2147483647 (got "0")',
        'WORKSPACE_K8S_POD_JANITOR_INTERVAL_SECONDS: must be an integer between 1 and 86400 (got "0")',
      ]);
    });

    it('should refuse a fork deadline outside 1–86400 and a negative fork byte cap', () => {
      expect(
        problemsOf({
          WORKSPACE_BACKEND: 'kubernetes',
          WORKSPACE_K8S_FORK_TIMEOUT_SECONDS: '0',
          WORKSPACE_K8S_FORK_MAX_BYTES: '-1',
        }),
      ).toEqual([
        'WORKSPACE_K8S_FORK_TIMEOUT_SECONDS: must be an integer between 1 and 86400 (got "0")',
        'WORKSPACE_K8S_FORK_MAX_BYTES: must be an integer >= 0 (got "-1")',
      ]);
    });

    it.each([
      ['["base"]', 'must be a JSON object of profile to image reference'],
      [
        '{"base":"registry.example/base v1"}',
        'image of profile "base" must not contain whitespace',
      ],
      ['{base}', 'must be valid JSON'],
    ])(
      'should reject the runner image bundles %j when the backend is kubernetes',
      (value, rule) => {
        expect(
          problemsOf({
            WORKSPACE_BACKEND: 'kubernetes',
            WORKSPACE_K8S_RUNNER_IMAGE_BUNDLES_JSON: value,
          }),
        ).toEqual([`WORKSPACE_K8S_RUNNER_IMAGE_BUNDLES_JSON: ${rule} (got "${value}")`]);
      },
    );

    it.each(['true', 'yes', 'on', '1'])(
      'should refuse WORKSPACE_K8S_AUTOMOUNT_SA_TOKEN=%s: runner pods never get a token',
      (value) => {
        expect(
          problemsOf({ WORKSPACE_BACKEND: 'kubernetes', WORKSPACE_K8S_AUTOMOUNT_SA_TOKEN: value }),
        ).toEqual([
          `WORKSPACE_K8S_AUTOMOUNT_SA_TOKEN: must be false: runner pods never get a service-account token (got "${value}")`,
        ]);
        expect(
          loadAppConfig({
            WORKSPACE_BACKEND: 'kubernetes',
            WORKSPACE_K8S_AUTOMOUNT_SA_TOKEN: 'off',
          }).kubernetes?.automountServiceAccountToken,
        ).toBe(false);
      },
    );

    it('should use the kubernetes defaults when the backend is kubernetes and nothing else is set', () => {
      const config = loadAppConfig({ WORKSPACE_BACKEND: 'KUBERNETES', HOME: '/home/svc' });

      expect(config.kubernetes).toEqual({
        home: '/home/svc',
        namespace: 'swe-ai-fleet',
        runnerImage: 'docker.io/library/alpine:3.20',
        runnerImageBundles: {},
        runnerProfileMetadataKey: 'runner_profile',
        initImage: 'docker.io/alpine/git:2.45.2',
        workdir: '/workspace/repo',
        container: 'runner',
        podPrefix: 'ws',
        readyTimeoutSeconds: 120,
        forkTimeoutSeconds: 600,
        forkMaxBytes: 0,
        gitAuthMetadataKey: 'git_auth_secret',
        runAsUser: 1000,
        runAsGroup: 1000,
        fsGroup: 1000,
        readOnlyRootFs: false,
        automountServiceAccountToken: false,
        janitor: {
          enabled: true,
          intervalSeconds: 60,
          sessionPodTerminalTtlSeconds: 300,
          containerPodTerminalTtlSeconds: 300,
          missingSessionGraceSeconds: 120,
        },
      });
    });

    it('should read every kubernetes variable when they are set and valid', () => {
      const config = loadAppConfig({
        WORKSPACE_BACKEND: 'kubernetes',
        KUBECONFIG: '/etc/kube/config',
        WORKSPACE_K8S_NAMESPACE: 'team-a',
        WORKSPACE_K8S_SERVICE_ACCOUNT: 'runner.sa',
        WORKSPACE_K8S_RUNNER_IMAGE: 'registry.example/runner:v2',
        WORKSPACE_K8S_RUNNER_IMAGE_BUNDLES_JSON:
          '{" Base ":"registry.example/base:v1","fat":" ","":"x"}',
        WORKSPACE_K8S_WORKDIR: '/workspace/src/',
        WORKSPACE_K8S_POD_PREFIX: 'sess',
        WORKSPACE_K8S_GIT_AUTH_SECRET: 'git-creds',
        WORKSPACE_K8S_RUN_AS_USER: '2147483647',
        WORKSPACE_K8S_READ_ONLY_ROOT_FS: 'yes',
        WORKSPACE_K8S_POD_JANITOR_ENABLED: 'off',
        WORKSPACE_K8S_MISSING_SESSION_GRACE_SECONDS: '0',
        WORKSPACE_K8S_FORK_TIMEOUT_SECONDS: '30',
        WORKSPACE_K8S_FORK_MAX_BYTES: '1048576',
      });

      expect(config.kubernetes).toMatchObject({
        kubeconfig: '/etc/kube/config',
        namespace: 'team-a',
        serviceAccount: 'runner.sa',
        runnerImage: 'registry.example/runner:v2',
        runnerImageBundles: { base: 'registry.example/base:v1' },
        workdir: '/workspace/src',
        podPrefix: 'sess',
        gitAuthSecret: 'git-creds',
        runAsUser: 2147483647,
        readOnlyRootFs: true,
        forkTimeoutSeconds: 30,
        forkMaxBytes: 1048576,
        janitor: { enabled: false, missingSessionGraceSeconds: 0 },
      });
    });
  });
});
