import { ERROR_CODES, ERROR_HTTP_STATUS, type ErrorCode } from '#app/contracts';
import { startTestApp, type TestApp } from '../support/test-app.js';

const ITERATIONS = Number(process.env['FUZZ_ITERATIONS'] ?? 10_000);
const SEED = Number(process.env['FUZZ_SEED'] ?? Math.floor(Math.random() * 2 ** 31));

/** mulberry32: small, fast, good enough to replay a failing case from its seed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Gen {
  constructor(readonly random: () => number) {}

  int(max: number): number {
    return Math.floor(this.random() * max);
  }

  chance(p: number): boolean {
    return this.random() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  string(maxLength = 24): string {
    const alphabets = [
      'abcdefghijklmnopqrstuvwxyz0123456789',
      './\\-_~%:@ \t',
      '\u0000\u0001\u001f\u007f',
      'é‥．／∕⁄ﾠ\u202e\u200b😀中',
      '"\'{}[],:',
    ];
    let out = '';
    for (let i = this.int(maxLength + 1); i > 0; i--) {
      out += this.pick([...this.pick(alphabets)]);
    }
    return out;
  }

  json(depth = 0): unknown {
    const kinds = depth > 3 ? 5 : 7;
    switch (this.int(kinds)) {
      case 0:
        return null;
      case 1:
        return this.chance(0.5);
      case 2:
        return this.pick([0, -1, 1.5, 2 ** 53 + 1, -0, 1e308, 3600, 256, 4096]);
      case 3:
      case 4:
        return this.string(this.chance(0.05) ? 5000 : 24);
      case 5:
        return Array.from({ length: this.int(4) }, () => this.json(depth + 1));
      default: {
        const keys = [
          'principal',
          'tenant_id',
          'actor_id',
          'roles',
          'args',
          'path',
          'content',
          'approved',
          'correlation_id',
          'metadata',
          'allowed_paths',
          'session_id',
          'expires_in_seconds',
          'repo_url',
          'repo_ref',
          'source_repo_path',
          '__proto__',
          'constructor',
          'max_bytes',
          'recursive',
          this.string(8),
        ];
        const object: Record<string, unknown> = {};
        for (let i = this.int(5); i > 0; i--) {
          object[this.pick(keys)] = this.json(depth + 1);
        }
        return object;
      }
    }
  }
}

interface Case {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

const TOOLS = [
  'fs.read_file',
  'fs.list',
  'fs.stat',
  'fs.write_file',
  'fs.search',
  'conn.list_profiles',
  'artifact.list',
  'fs.mkdir',
];

function segment(gen: Gen, known: readonly string[]): string {
  return gen.pick([
    () => gen.pick(known),
    () => '..',
    () => '%2e%2e',
    () => '.',
    () => '%2F',
    () => '..%2F..%2Fetc%2Fpasswd',
    () => '%00',
    () => 'a%00b',
    () => '%',
    () => '%zz',
    () => '%E2%80%A5',
    () => '%EF%BC%8F',
    () => encodeURIComponent(gen.string()),
    () => 'x'.repeat(gen.pick([1, 300, 5000])),
    () => `session-${gen.int(1e6)}`,
    () => `inv-${'0'.repeat(16)}`,
    () => encodeURIComponent('‥/．．/'),
  ])();
}

function path(gen: Gen, known: readonly string[]): string {
  const s = () => segment(gen, known);
  return gen.pick([
    () => '/v1/sessions',
    () => `/v1/sessions/${s()}`,
    () => `/v1/sessions/${s()}/tools`,
    () => `/v1/sessions/${s()}/tools/${gen.chance(0.6) ? gen.pick(TOOLS) : s()}/invoke`,
    () => `/v1/sessions/${gen.pick(known)}/tools/${gen.pick(TOOLS)}/invoke`,
    () => `/v1/invocations/${s()}`,
    () => `/v1/invocations/${s()}/logs`,
    () => `/v1/invocations/${s()}/artifacts`,
    () => `/v1/invocations/${s()}/artifacts/${s()}`,
    () =>
      gen.pick([
        '/healthz',
        '/livez',
        '/readyz',
        '/openapi.json',
        '/',
        '//v1/sessions',
        '/v1/sessions/',
        '/v1//sessions',
      ]),
    () => `/${s()}/${s()}`,
    () => `/v1/sessions/${s()}?${s()}=${s()}`,
  ])();
}

function body(gen: Gen): string | Buffer | undefined {
  return gen.pick<() => string | Buffer | undefined>([
    () => undefined,
    () => '',
    () => JSON.stringify(gen.json()),
    () =>
      JSON.stringify({
        principal: { tenant_id: gen.string(8), actor_id: gen.string(8), roles: gen.json() },
        allowed_paths: gen.json(1),
      }),
    () =>
      JSON.stringify({
        principal: { tenant_id: 't', actor_id: 'a' },
        [gen.pick(['metadata', 'session_id', 'expires_in_seconds', 'allowed_paths', 'repo_ref'])]:
          gen.json(2),
      }),
    () =>
      JSON.stringify({
        args: gen.json(1),
        approved: gen.json(3),
        correlation_id: gen.chance(0.5) ? gen.string() : undefined,
      }),
    () =>
      JSON.stringify({
        approved: true,
        args: { path: gen.string(), content: gen.string(), max_bytes: gen.json(4) },
      }),
    () => Buffer.from(Array.from({ length: gen.int(64) }, () => gen.int(256))),
    () => `${JSON.stringify(gen.json())}${gen.pick(['', ' ', 'x', '{}', '\u0000'])}`,
    () => '{"a":'.repeat(gen.int(2000)),
    () => '{"args":{},"args":[]}',
  ])();
}

function headers(gen: Gen): Record<string, string> {
  const out: Record<string, string> = {};
  const printable = () => gen.string(gen.chance(0.1) ? 3000 : 16).replace(/[^\x20-\x7e]/g, '');
  for (let i = gen.int(4); i > 0; i--) {
    const name = gen.pick([
      'content-type',
      'x-correlation-id',
      'traceparent',
      'tracestate',
      'baggage',
      'accept',
      'x-workspace-tenant-id',
      'x-workspace-auth-token',
      'transfer-encoding-x',
      'x-forwarded-for',
      'x-random',
    ]);
    out[name] = gen.pick([
      printable(),
      'application/json',
      'text/plain',
      '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      '',
    ]);
  }
  return out;
}

/**
 * Defects this fuzzer found that belong to other areas (reported, not yet fixed). Answers matching
 * them are counted and printed instead of failing the run; each is pinned below by a `.failing`
 * test that starts failing (and must then be removed from this list) once the defect is fixed.
 */
const KNOWN_FINDINGS: Array<{
  id: string;
  matches: (probe: Case, status: number, body: string) => boolean;
}> = [];

// Issue #8.2: generated requests never produce a 5xx, a crash or an undocumented envelope.
describe(`fuzz: ${ITERATIONS} generated requests (seed ${SEED}; replay with FUZZ_SEED=${SEED})`, () => {
  let t: TestApp;
  const known: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'error' });
    const created = await t.request('POST', '/v1/sessions', {
      body: { principal: { tenant_id: 't', actor_id: 'a' } },
    });
    const sessionId = created.body.session.id as string;
    const written = await t.request(
      'POST',
      `/v1/sessions/${sessionId}/tools/fs.write_file/invoke`,
      {
        body: { approved: true, args: { path: 'a.txt', content: 'a' } },
      },
    );
    known.push(
      sessionId,
      written.body.invocation.id,
      written.body.invocation.artifacts[0].id,
      'fs.read_file',
    );
  });

  afterAll(() => t.close());

  it('should answer only 2xx or a documented 4xx envelope, and keep serving /healthz', async () => {
    const gen = new Gen(prng(SEED));
    const failures: string[] = [];
    const findings = new Map<string, number>();
    const statuses = new Map<number, number>();
    const started = Date.now();
    for (let i = 0; i < ITERATIONS && failures.length < 5; i++) {
      const probe: Case = {
        method: gen.pick([
          'GET',
          'GET',
          'POST',
          'POST',
          'POST',
          'HEAD',
          'PUT',
          'DELETE',
          'PATCH',
          'OPTIONS',
        ]),
        url: path(gen, known),
        headers: headers(gen),
      };
      if (gen.chance(0.8)) {
        probe.body = body(gen);
      }
      const problem = await check(t, probe, statuses, findings);
      if (problem !== undefined) {
        failures.push(
          `#${i} ${problem}\n    ${probe.method} ${probe.url.slice(0, 200)} headers=${JSON.stringify(probe.headers).slice(0, 200)} body=${String(probe.body).slice(0, 200)}`,
        );
      }
    }
    const elapsed = Date.now() - started;
    if (failures.length > 0) {
      throw new Error(`fuzz failures (replay with FUZZ_SEED=${SEED}):\n${failures.join('\n')}`);
    }
    expect((await t.request('GET', '/healthz')).body).toEqual({ status: 'ok' });
    // Every family of answers was exercised, so the generator is not stuck on one path.
    expect([...statuses.keys()]).toEqual(expect.arrayContaining([200, 400, 404, 405]));
    console.info(
      `fuzz seed ${SEED}: ${ITERATIONS} requests in ${elapsed} ms; statuses ${JSON.stringify(Object.fromEntries(statuses))}; ` +
        `known findings ${JSON.stringify(Object.fromEntries(findings))}`,
    );
  }, 60_000);
});

async function check(
  t: TestApp,
  probe: Case,
  statuses: Map<number, number>,
  known: Map<string, number>,
): Promise<string | undefined> {
  let response;
  try {
    response = await t.app.inject({
      method: probe.method as 'GET',
      url: probe.url,
      headers: probe.headers,
      ...(probe.body !== undefined && !['GET', 'HEAD'].includes(probe.method)
        ? { payload: probe.body }
        : {}),
    });
  } catch (error) {
    return `inject threw ${String(error)}`;
  }
  const status = response.statusCode;
  statuses.set(status, (statuses.get(status) ?? 0) + 1);
  const finding = KNOWN_FINDINGS.find((candidate) =>
    candidate.matches(probe, status, response.body),
  );
  if (finding !== undefined) {
    known.set(finding.id, (known.get(finding.id) ?? 0) + 1);
    return undefined;
  }
  if (status >= 500) {
    return `status ${status}: ${response.body.slice(0, 300)}`;
  }
  if (status < 200 || (status >= 300 && status < 400)) {
    return `unexpected status ${status}`;
  }
  if (status < 400 || probe.method === 'HEAD') {
    return undefined;
  }
  let parsed: {
    error?: { code?: unknown; message?: unknown; retryable?: unknown };
    invocation?: unknown;
  };
  try {
    parsed = JSON.parse(response.body);
  } catch {
    return `status ${status} without a JSON body: ${response.body.slice(0, 200)}`;
  }
  const error = parsed.error;
  const keys = Object.keys(parsed).sort();
  if (!error || (keys.join() !== 'error' && keys.join() !== 'error,invocation')) {
    return `status ${status} with an undocumented body: ${response.body.slice(0, 200)}`;
  }
  if (
    Object.keys(error).sort().join() !== 'code,message,retryable' ||
    typeof error.message !== 'string' ||
    typeof error.retryable !== 'boolean'
  ) {
    return `malformed error object: ${JSON.stringify(error)}`;
  }
  if (
    !(ERROR_CODES as readonly unknown[]).includes(error.code) ||
    ERROR_HTTP_STATUS[error.code as ErrorCode] !== status
  ) {
    return `code ${String(error.code)} does not match status ${status}`;
  }
  if (String(response.headers['content-type']) !== 'application/json; charset=utf-8') {
    return `error with content type ${String(response.headers['content-type'])}`;
  }
  return undefined;
}

// Each known finding, reproduced deterministically. `.failing` passes while the defect exists.
describe('fuzz findings, fixed and kept as regression tests', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'error' });
  });
  afterAll(() => t.close());

  it('should parse the body as JSON when the Content-Type header is empty or unparseable (API.md 1.2)', async () => {
    for (const contentType of ['', 'garbage', '00-0af7651916cd43dd8448eb211c80319c']) {
      const response = await t.request('POST', '/v1/sessions', {
        rawBody: JSON.stringify({ principal: { tenant_id: 't', actor_id: 'a' } }),
        headers: { 'content-type': contentType },
      });
      expect(response.status).toBe(201);
    }
  });

  it('should answer a documented envelope to a path with invalid percent-encoding', async () => {
    const response = await t.request('GET', '/v1/sessions/%zz');
    expect([400, 404]).toContain(response.status);
    expect(Object.keys(response.body)).toEqual(['error']);
  });

  it('should serve a valid 128-character caller-chosen session id (API.md 5.6)', async () => {
    const id = 'a'.repeat(128);
    const created = await t.request('POST', '/v1/sessions', {
      body: { session_id: id, principal: { tenant_id: 't', actor_id: 'a' } },
    });
    expect(created.status).toBe(201);
    expect((await t.request('GET', `/v1/sessions/${id}`)).status).toBe(200);
  });
});
