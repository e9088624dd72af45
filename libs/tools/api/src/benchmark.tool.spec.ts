import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConnectionProfiles } from '#app/connections';
import {
  type ContextOptions,
  connectionContext,
  failureOf,
  profilesMetadata,
  serverProfiles,
} from '#app/connections/testing';
import type { JsonObject } from '#app/contracts';
import { callTool } from '#app/testing';
import { ApiBenchmarkTool } from './benchmark.tool.js';

// The benchmark report is walked field by field; the assertions are its type check.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type BenchmarkOutput = Record<string, any>;

describe('ApiBenchmarkTool (local node:http server)', () => {
  let server: Server;
  const seen: Array<{
    method: string;
    url: string;
    headers: IncomingMessage['headers'];
    body: string;
  }> = [];
  // Every request-target received (request line), uncapped, for the route-escape tests.
  const targets = new Set<string>();
  let tool: ApiBenchmarkTool;
  const entries: Array<{
    id: string;
    kind: string;
    read_only?: boolean;
    scopes: Record<string, string[]>;
  }> = [
    {
      id: 'local.api',
      kind: 'api',
      read_only: false,
      scopes: { routes: ['/ok', '/fail', '/items/', 'regex:/v[0-9]+/echo'] },
    },
    { id: 'ro.http', kind: 'http', read_only: true, scopes: { paths: ['*'] } },
    { id: 'empty.http', kind: 'http', scopes: {} },
  ];
  const metadata = profilesMetadata(entries);

  // Through `callTool`: args validated and defaulted as in the pipeline.
  const call = (args: JsonObject, options: ContextOptions) =>
    callTool(tool, { ...connectionContext(args, options), args });
  const run = (args: JsonObject) => call({ profile_id: 'local.api', ...args }, { metadata });

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        targets.add(request.url ?? '');
        if (seen.length < 1000) {
          seen.push({
            method: request.method ?? '',
            url: request.url ?? '',
            headers: request.headers,
            body,
          });
        }
        response.statusCode = request.url?.startsWith('/base/fail') === true ? 503 : 200;
        response.end('ok');
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const endpoint = `http://user:secret@127.0.0.1:${port}/base`;
    tool = new ApiBenchmarkTool(
      new ConnectionProfiles({
        endpoints: { 'local.api': endpoint, 'ro.http': endpoint },
        hostAllowlist: null,
        profiles: serverProfiles(entries),
      }),
    );
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('should run a bounded constant-VU load and report percentiles, codes and a summary artifact', async () => {
    const started = Date.now();
    const result = await run({
      request: { path: '/ok?x=1', headers: { 'x-request-id': 'bench' } },
      load: { duration_ms: 1000, vus: 2 },
      thresholds: { p95_ms: 5000, error_rate: 0.5 },
    });
    expect(Date.now() - started).toBeLessThan(3000);
    const output = result.output as BenchmarkOutput;
    expect(output).toMatchObject({
      profile_id: 'local.api',
      target_url: expect.stringMatching(/^http:\/\/\*\*\*@127\.0\.0\.1:\d+\/base\/ok\?x=1$/),
      request: {
        method: 'GET',
        path: '/ok?x=1',
        headers: { 'x-request-id': 'bench' },
        body_bytes: 0,
      },
      load: { mode: 'constant_vus', duration_ms: 1000, vus: 2, rps: 0, max_vus: 50 },
      failed_requests: 0,
      error_rate: 0,
      checks_rate: 1,
      thresholds: { passed: true, violations: [] },
      raw_metrics_attached: false,
      raw_metrics_truncated: false,
      artifacts: ['benchmark-summary.json'],
      exit_code: 0,
    });
    expect(output['requests']).toBeGreaterThan(10);
    expect(output['http_codes']).toEqual({ '200': output['requests'] });
    const latency = output['latency_ms'] as Record<string, number>;
    expect(latency['min']).toBeLessThanOrEqual(latency['p50']);
    expect(latency['p50']).toBeLessThanOrEqual(latency['p95']);
    expect(latency['p95']).toBeLessThanOrEqual(latency['max']);
    expect(JSON.stringify(output)).not.toContain('secret');
    expect(result.error).toBeUndefined();
    expect(result.artifacts?.map((artifact) => artifact.name)).toEqual(['benchmark-summary.json']);
    expect(JSON.parse(result.artifacts?.[0]?.data.toString() ?? '{}')).toEqual(output);
    expect(
      seen.some(
        (request) => request.url === '/base/ok?x=1' && request.headers['x-request-id'] === 'bench',
      ),
    ).toBe(true);
  });

  it('should hold an arrival rate, send the body for POST and attach raw metrics on request', async () => {
    seen.length = 0;
    const result = await run({
      request: {
        method: 'POST',
        path: '/v2/echo',
        body: '{"a":1}',
        headers: { 'content-type': 'application/json' },
      },
      load: { mode: 'arrival_rate', rps: 20, duration_ms: 1000 },
      include_raw_metrics: true,
    });
    const output = result.output as BenchmarkOutput;
    expect(output['load']).toEqual({
      mode: 'arrival_rate',
      duration_ms: 1000,
      vus: 20,
      rps: 20,
      max_vus: 50,
    });
    expect(output['requests']).toBeGreaterThan(5);
    // Throttled: an unthrottled loopback run makes thousands of requests per second.
    expect(output['requests']).toBeLessThanOrEqual(60);
    expect(output).toMatchObject({
      raw_metrics_attached: true,
      artifacts: ['benchmark-summary.json', 'benchmark-raw-metrics.json'],
    });
    const echoes = seen.filter((request) => request.url === '/base/v2/echo');
    expect(echoes.length).toBeGreaterThan(0);
    expect(echoes.every((request) => request.method === 'POST' && request.body === '{"a":1}')).toBe(
      true,
    );
  });

  it('should fail with execution_failed on a threshold breach and keep the report, codes and a stderr log line', async () => {
    const result = await run({
      request: { path: '/fail' },
      load: { duration_ms: 500 },
      thresholds: { error_rate: 0.1, checks: 0.9 },
    });
    const output = result.output as BenchmarkOutput;
    expect(output['error_rate']).toBe(1);
    expect(output['checks_rate']).toBe(0);
    expect(output['http_codes']).toEqual({ '503': output['requests'] });
    expect(output['thresholds']).toEqual({
      passed: false,
      violations: ['error_rate: 1 is not below 0.1', 'checks: 0 is not above 0.9'],
    });
    expect(output['exit_code']).toBe(99);
    expect(result.error).toMatchObject({ code: 'execution_failed', retryable: false });
    expect(result.logs).toEqual([
      {
        at: expect.any(String),
        channel: 'stderr',
        message: expect.stringContaining('error_rate: 1 is not below 0.1'),
      },
    ]);
    expect(result.artifacts?.map((artifact) => artifact.name)).toEqual(['benchmark-summary.json']);
  });

  it('should refuse a route outside the allowlist, a write through a read-only profile and a forbidden header before sending', async () => {
    const before = seen.length;
    expect(await failureOf(run({ request: { path: '/admin' } }))).toEqual({
      code: 'policy_denied',
      message: 'route outside profile allowlist',
      retryable: false,
    });
    expect(
      await failureOf(run({ profile_id: 'empty.http', request: { path: '/ok' } })),
    ).toMatchObject({ message: 'route outside profile allowlist' });
    expect(
      await failureOf(run({ profile_id: 'ro.http', request: { method: 'DELETE', path: '/ok' } })),
    ).toEqual({
      code: 'policy_denied',
      message: 'profile is read_only',
      retryable: false,
    });
    expect(
      await failureOf(run({ request: { path: '/ok', headers: { Authorization: 'Bearer x' } } })),
    ).toMatchObject({
      code: 'invalid_argument',
      message: 'request header authorization is not allowed',
    });
    expect(await failureOf(run({ request: { path: 'http://127.0.0.1/ok' } }))).toMatchObject({
      code: 'invalid_argument',
    });
    expect(await failureOf(run({ profile_id: 'nope', request: { path: '/ok' } }))).toMatchObject({
      code: 'not_found',
    });
    expect(seen.slice(before).filter((request) => !request.url.startsWith('/base/fail'))).toEqual(
      [],
    );
  });

  it('should stop early when the invocation is cancelled', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const started = Date.now();
    await call(
      { profile_id: 'local.api', request: { path: '/ok' }, load: { duration_ms: 10_000 } },
      { metadata, signal: controller.signal },
    );
    expect(Date.now() - started).toBeLessThan(2000);
  });

  // Issue 11 finding 9: the listener records the request-target of every request line it gets.
  it.each([
    '/items/.%2e/.%2e/outside',
    '/items/%2E%2e/%2e%2E/outside',
    '/items/..;/outside',
    '/items/..%2f..%2foutside',
    '/items/%252e%252e/%252e%252e/outside',
    '/items\\..\\..\\outside',
    '/items//evil.example/x',
    '/items/x#/../../outside',
    '/outside?/items/',
    '/@evil.example/items/',
  ])('should send nothing for %j (no request line outside /base/items/)', async (path) => {
    targets.clear();
    const failure = await failureOf(run({ request: { path }, load: { duration_ms: 100 } }));
    expect(['invalid_argument', 'policy_denied']).toContain(failure.code);
    // (`/base/ok` may still arrive from the cancelled run above.)
    expect([...targets].filter((target) => target !== '/base/ok')).toEqual([]);
  });

  it('should put exactly the checked path on the wire for an allowed route with odd but safe characters', async () => {
    targets.clear();
    await run({
      request: { path: "/items/@a/%2e%2ex/it's?next=/../x" },
      load: { duration_ms: 100 },
    });
    expect([...targets].filter((target) => target !== '/base/ok')).toEqual([
      "/base/items/@a/%2e%2ex/it's?next=/../x",
    ]);
  });
});
