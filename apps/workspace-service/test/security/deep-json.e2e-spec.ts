import { startTestApp, type TestApp } from '../support/test-app.js';

// Issue 11 finding 15: args nested 5000 levels deep ran (or were denied), then the audit hash
// overflowed the stack: 500 and no audit line. Bodies are now refused at admission beyond 64
// levels below the top-level object, on every route that reads a body.

const nested = (depth: number, leaf: unknown = 1): unknown => {
  let value: unknown = leaf;
  for (let i = 0; i < depth; i += 1) {
    value = i % 2 === 0 ? { a: value } : [value];
  }
  return value;
};
/** Containers on the deepest path, the top-level object included. */
const depthOf = (value: unknown): number => {
  let depth = 0;
  let level: unknown[] = [value];
  for (;;) {
    const containers = level.filter((item) => item !== null && typeof item === 'object');
    if (containers.length === 0) {
      return depth;
    }
    depth += 1;
    level = containers.flatMap((item) => Object.values(item));
  }
};
// Built as text too: a deep enough object cannot even be JSON.stringify'd by the client.
const nestedText = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

const DEPTH_ERROR = {
  code: 'invalid_argument',
  message: 'invalid request body: nested deeper than 64 levels',
  retryable: false,
};

describe('deeply nested request bodies (issue 11 finding 15)', () => {
  let t: TestApp;
  let session: string;
  const audits = (): Array<Record<string, unknown>> =>
    t.logs.filter((line) => line['msg'] === 'audit.tool_invocation');

  beforeAll(async () => {
    t = await startTestApp();
    const created = await t.request('POST', '/v1/sessions', {
      body: { principal: { tenant_id: 'tenant-a', actor_id: 'alice', roles: ['developer'] } },
    });
    session = created.body.session.id;
  });
  afterAll(() => t.close());

  const invoke = (tool: string, rawBody: string) =>
    t.request('POST', `/v1/sessions/${session}/tools/${tool}/invoke`, {
      rawBody,
      headers: { 'content-type': 'application/json' },
    });

  it.each([65, 200, 5000, 100_000])(
    'should refuse args %i levels deep at admission: 400, nothing run, nothing recorded',
    async (depth) => {
      const before = audits().length;
      const body = `{"args":{"profile_id":"p","database":"d","collection":"c","pipeline":[${nestedText(depth - 2)}]}}`;

      const response = await invoke('mongo.aggregate', body);

      expect(response.status).toBe(400);
      expect(response.body).toEqual({ error: DEPTH_ERROR });
      expect(audits().length).toBe(before);
      const metrics = await t.request('GET', '/metrics');
      expect(metrics.text).not.toMatch(/workspace_invocations_total\{tool="mongo.aggregate"/);
    },
  );

  it('should admit args exactly 64 levels deep and audit them with a hash', async () => {
    const before = audits().length;
    // args (level 1) → pipeline (2) → {b} (3) → {a} (4) → 60 alternating objects/arrays (5–64).
    const deepest = JSON.stringify({ a: nested(60) });
    const body = `{"args":{"profile_id":"p","database":"d","collection":"c","pipeline":[{"b":${deepest}}]}}`;
    expect(depthOf(JSON.parse(body))).toBe(65);

    const response = await invoke('mongo.aggregate', body);

    // Past admission: the developer session is denied by policy (external scope), and that denial is audited.
    expect(response.status).toBe(403);
    expect(audits().length).toBe(before + 1);
    expect(audits().at(-1)?.['args_sha256']).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    [
      'metadata',
      (deep: string) => `{"principal":{"tenant_id":"t","actor_id":"a"},"metadata":{"k":${deep}}}`,
    ],
    [
      'principal',
      (deep: string) => `{"principal":{"tenant_id":"t","actor_id":"a","roles":${deep}}}`,
    ],
    [
      'an unknown member',
      (deep: string) => `{"principal":{"tenant_id":"t","actor_id":"a"},"x":${deep}}`,
    ],
  ])('should refuse a session body with %s nested too deep', async (_label, build) => {
    const response = await t.request('POST', '/v1/sessions', { rawBody: build(nestedText(5000)) });

    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: DEPTH_ERROR });
  });

  it('should refuse a deep correlation_id or approved member as well (every member of the body)', async () => {
    const response = await invoke('fs.list', `{"correlation_id":${nestedText(70)}}`);

    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: DEPTH_ERROR });
  });
});
