import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ServiceState } from '#app/http';
import { startTestApp, type TestApp, type TestResponse } from '../support/test-app.js';

const TOKEN = 'matrix-token';

interface Caller {
  label: string;
  headers: Record<string, string>;
}

const as = (tenant: string, actor: string, roles = 'developer'): Record<string, string> => ({
  'X-Workspace-Auth-Token': TOKEN,
  'X-Workspace-Tenant-Id': tenant,
  'X-Workspace-Actor-Id': actor,
  'X-Workspace-Roles': roles,
});

const OWNER = as('tenant-a', 'alice');
const FOREIGN: Caller[] = [
  { label: 'another actor of the same tenant', headers: as('tenant-a', 'bob') },
  { label: 'the same actor name in another tenant', headers: as('tenant-b', 'alice') },
  { label: 'another tenant and actor', headers: as('tenant-b', 'bob', 'platform_admin,devops') },
  { label: 'the owner ids in another case', headers: as('Tenant-A', 'Alice') },
];

const FOREIGN_SESSION = {
  code: 'policy_denied',
  message: 'session does not belong to authenticated principal',
  retryable: false,
};
const BAD_TOKEN = {
  code: 'unauthorized',
  message: 'invalid authentication token',
  retryable: false,
};
const NO_PRINCIPAL = {
  code: 'unauthorized',
  message: 'authenticated principal headers are required',
  retryable: false,
};

interface Route {
  name: string;
  method: string;
  path: (ids: Ids) => string;
  body?: unknown;
}

interface Ids {
  session: string;
  invocation: string;
  artifact: string;
}

// API.md 5, routes 7–18 and 24 (every route that names a resource).
const ROUTES: Route[] = [
  { name: 'GET session', method: 'GET', path: (ids) => `/v1/sessions/${ids.session}` },
  { name: 'HEAD session', method: 'HEAD', path: (ids) => `/v1/sessions/${ids.session}` },
  { name: 'DELETE session', method: 'DELETE', path: (ids) => `/v1/sessions/${ids.session}` },
  {
    name: 'POST fork',
    method: 'POST',
    path: (ids) => `/v1/sessions/${ids.session}/fork`,
    body: { metadata: { pwned: 'yes' } },
  },
  { name: 'GET tools', method: 'GET', path: (ids) => `/v1/sessions/${ids.session}/tools` },
  {
    name: 'POST renew',
    method: 'POST',
    path: (ids) => `/v1/sessions/${ids.session}/renew`,
    body: { ttl_seconds: 60 },
  },
  {
    name: 'POST invoke',
    method: 'POST',
    path: (ids) => `/v1/sessions/${ids.session}/tools/fs.write_file/invoke`,
    body: { approved: true, args: { path: 'pwned.txt', content: 'pwned' } },
  },
  {
    name: 'POST explain',
    method: 'POST',
    path: (ids) => `/v1/sessions/${ids.session}/tools/fs.write_file/explain`,
    body: { approved: true, args: { path: 'pwned.txt', content: 'pwned' } },
  },
  {
    name: 'POST mcp',
    method: 'POST',
    path: (ids) => `/v1/sessions/${ids.session}/mcp`,
    body: {
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'fs.write_file', arguments: { path: 'pwned.txt', content: 'pwned' } },
    },
  },
  { name: 'DELETE mcp', method: 'DELETE', path: (ids) => `/v1/sessions/${ids.session}/mcp` },
  { name: 'GET invocation', method: 'GET', path: (ids) => `/v1/invocations/${ids.invocation}` },
  { name: 'GET logs', method: 'GET', path: (ids) => `/v1/invocations/${ids.invocation}/logs` },
  {
    name: 'GET artifacts',
    method: 'GET',
    path: (ids) => `/v1/invocations/${ids.invocation}/artifacts`,
  },
  {
    name: 'POST cancel',
    method: 'POST',
    path: (ids) => `/v1/invocations/${ids.invocation}/cancel`,
    body: {},
  },
  {
    name: 'GET artifact download',
    method: 'GET',
    path: (ids) => `/v1/invocations/${ids.invocation}/artifacts/${ids.artifact}`,
  },
];

const SESSION_ROUTES = ROUTES.filter((route) =>
  route.path({ session: 'S', invocation: 'I', artifact: 'A' }).startsWith('/v1/sessions'),
);
const INVOCATION_ROUTES = ROUTES.filter((route) => !SESSION_ROUTES.includes(route));

// Issue #8.7: API.md 4.3 check order and a cross-tenant matrix over every route, trusted_headers mode.
describe('authentication order and cross-tenant matrix (trusted_headers)', () => {
  let t: TestApp;
  let ids: Ids;
  let workspace: string;

  const send = (
    route: Route,
    target: Ids,
    headers: Record<string, string>,
    body = route.body,
  ): Promise<TestResponse> =>
    t.request(route.method, route.path(target), {
      headers,
      ...(body === undefined ? {} : { body }),
    });
  const expectError = (response: TestResponse, status: number, error: object): void => {
    expect({ status: response.status, error: response.body.error }).toEqual({ status, error });
  };

  beforeAll(async () => {
    t = await startTestApp({
      WORKSPACE_AUTH_MODE: 'trusted_headers',
      WORKSPACE_AUTH_SHARED_TOKEN: TOKEN,
    });
    const created = await t.request('POST', '/v1/sessions', { headers: OWNER, body: {} });
    workspace = created.body.session.workspace_path;
    const written = await t.request(
      'POST',
      `/v1/sessions/${created.body.session.id}/tools/fs.write_file/invoke`,
      {
        headers: OWNER,
        body: { approved: true, args: { path: 'own.txt', content: 'mine' } },
      },
    );
    expect(written.status).toBe(200);
    ids = {
      session: created.body.session.id,
      invocation: written.body.invocation.id,
      artifact: written.body.invocation.artifacts[0].id,
    };
  });

  afterAll(() => t.close());

  describe.each(FOREIGN)('$label', ({ headers }) => {
    it.each(ROUTES)('should refuse $name with 403 and no invocation record', async (route) => {
      const response = await send(route, ids, headers);

      expect(response.status).toBe(403);
      if (route.method !== 'HEAD') {
        expect(response.body).toEqual({ error: FOREIGN_SESSION });
      }
    });
  });

  it('should leave every resource untouched after the foreign matrix', async () => {
    await Promise.all(
      FOREIGN.flatMap(({ headers }) => ROUTES.map((route) => send(route, ids, headers))),
    );

    expect(existsSync(join(workspace, 'pwned.txt'))).toBe(false);
    expect((await t.request('GET', `/v1/sessions/${ids.session}`, { headers: OWNER })).status).toBe(
      200,
    );
    for (const route of ROUTES.filter((candidate) => candidate.method === 'GET')) {
      expect((await send(route, ids, OWNER)).status).toBe(200);
    }
    const audits = t.logs.filter((line) => line['msg'] === 'audit.tool_invocation');
    expect(audits.map((line) => line['actor_id'])).toEqual(['alice']);
  });

  it.each(ROUTES)(
    'should answer 404 to $name on unknown ids, for the owner and for strangers alike',
    async (route) => {
      const unknown = {
        session: 'session-0000000000000000',
        invocation: 'inv-0000000000000000',
        artifact: ids.artifact,
      };
      const expected = SESSION_ROUTES.includes(route)
        ? 'session not found'
        : 'invocation not found';
      for (const headers of [OWNER, ...FOREIGN.map((caller) => caller.headers)]) {
        const response = await send(route, unknown, headers);
        expect(response.status).toBe(404);
        if (route.method !== 'HEAD') {
          expect(response.body.error).toEqual({
            code: 'not_found',
            message: expected,
            retryable: false,
          });
        }
      }
    },
  );

  it('should answer 404 artifact not found to the owner and 403 to a stranger for an unknown artifact of a known invocation', async () => {
    const path = `/v1/invocations/${ids.invocation}/artifacts/artifact-0000000000000000`;
    expectError(await t.request('GET', path, { headers: OWNER }), 404, {
      code: 'not_found',
      message: 'artifact not found',
      retryable: false,
    });
    expectError(
      await t.request('GET', path, { headers: as('tenant-b', 'bob') }),
      403,
      FOREIGN_SESSION,
    );
  });

  describe('401 before anything else', () => {
    const missing: Array<
      [string, (headers: Record<string, string>) => Record<string, string>, object]
    > = [
      ['no token', ({ 'X-Workspace-Auth-Token': _, ...rest }) => rest, BAD_TOKEN],
      [
        'a wrong token',
        (headers) => ({ ...headers, 'X-Workspace-Auth-Token': `${TOKEN}x` }),
        BAD_TOKEN,
      ],
      ['an empty token', (headers) => ({ ...headers, 'X-Workspace-Auth-Token': '' }), BAD_TOKEN],
      [
        'a token prefix',
        (headers) => ({ ...headers, 'X-Workspace-Auth-Token': TOKEN.slice(0, -1) }),
        BAD_TOKEN,
      ],
      ['no tenant', ({ 'X-Workspace-Tenant-Id': _, ...rest }) => rest, NO_PRINCIPAL],
      ['a blank actor', (headers) => ({ ...headers, 'X-Workspace-Actor-Id': '   ' }), NO_PRINCIPAL],
    ];
    const everyRoute = [
      ...ROUTES,
      { name: 'POST sessions', method: 'POST', path: () => '/v1/sessions', body: {} },
    ];

    it.each(missing)(
      'should answer 401 to %s on every route, known or unknown ids, foreign or not, whatever the body',
      async (_label, strip, error) => {
        const unknown = {
          session: 'no-such-session',
          invocation: 'inv-ffffffffffffffff',
          artifact: 'artifact-ffffffffffffffff',
        };
        for (const route of everyRoute) {
          for (const target of [ids, unknown]) {
            for (const headers of [OWNER, FOREIGN[2]?.headers ?? OWNER]) {
              // An oversized or malformed body would be 413/400 later in the order; 401 must win.
              for (const body of [route.body, '{not json', 'x'.repeat(2 * 1024 * 1024 + 1)]) {
                const response = await t.request(route.method, route.path(target), {
                  headers: strip(headers),
                  ...(typeof body === 'string'
                    ? { rawBody: body }
                    : body === undefined
                      ? {}
                      : { body }),
                });
                expect(response.status).toBe(401);
                if (route.method !== 'HEAD') {
                  expect(response.body).toEqual({ error });
                }
              }
            }
          }
        }
        expect(existsSync(join(workspace, 'pwned.txt'))).toBe(false);
      },
    );
  });

  it('should route before authenticating: unknown path 404 and wrong method 405 without credentials', async () => {
    const unknown = await t.request('GET', `/v1/sessions/${ids.session}/nope`);
    expectError(unknown, 404, { code: 'not_found', message: 'route not found', retryable: false });
    const wrongMethod = await t.request('PUT', `/v1/sessions/${ids.session}`);
    expectError(wrongMethod, 405, {
      code: 'method_not_allowed',
      message: 'method not allowed',
      retryable: false,
    });
    expect(wrongMethod.headers['allow']).toBe('GET, HEAD, DELETE');
    expect(
      (await t.request('PATCH', `/v1/invocations/${ids.invocation}/logs`)).headers['allow'],
    ).toBe('GET, HEAD');
  });

  it.each(['/healthz', '/livez', '/readyz', '/metrics', '/openapi.json'])(
    'should serve %s without credentials',
    async (path) => {
      expect((await t.request('GET', path)).status).toBe(200);
    },
  );

  it('should order ownership (403) and lookup (404) before body size (413) and body parsing (400)', async () => {
    const invokePath = (session: string) => `/v1/sessions/${session}/tools/fs.write_file/invoke`;
    const huge = `{"args":{"content":"${'x'.repeat(2 * 1024 * 1024)}"}}`;
    const stranger = as('tenant-b', 'bob');

    expect(
      (await t.request('POST', invokePath(ids.session), { headers: stranger, rawBody: huge }))
        .status,
    ).toBe(403);
    expect(
      (await t.request('POST', invokePath(ids.session), { headers: stranger, rawBody: '{bad' }))
        .status,
    ).toBe(403);
    expect(
      (await t.request('POST', invokePath('no-such-session'), { headers: OWNER, rawBody: huge }))
        .status,
    ).toBe(404);
    expect(
      (await t.request('POST', invokePath('no-such-session'), { headers: OWNER, rawBody: '{bad' }))
        .status,
    ).toBe(404);
    expect(
      (
        await t.request('POST', invokePath(ids.session), {
          headers: OWNER,
          rawBody: `${huge.slice(0, -2)}`,
        })
      ).status,
    ).toBe(413);
    const malformed = await t.request('POST', invokePath(ids.session), {
      headers: OWNER,
      rawBody: '{bad',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(/^invalid request body/);
  });

  it('should answer 503 while draining before authentication, and route (404) before draining', async () => {
    const state = t.app.get(ServiceState);
    state.draining = true;
    try {
      const draining = await t.request('GET', `/v1/sessions/${ids.session}`);
      expectError(draining, 503, {
        code: 'unavailable',
        message: 'service is shutting down',
        retryable: true,
      });
      expect((await t.request('GET', '/v1/nowhere')).status).toBe(404);
    } finally {
      state.draining = false;
    }
  });

  it('should make an invocation unreadable (404 session not found) once its session is closed', async () => {
    const created = await t.request('POST', '/v1/sessions', { headers: OWNER, body: {} });
    const session = created.body.session.id;
    const listed = await t.request('POST', `/v1/sessions/${session}/tools/fs.list/invoke`, {
      headers: OWNER,
      body: {},
    });
    expect((await t.request('DELETE', `/v1/sessions/${session}`, { headers: OWNER })).status).toBe(
      200,
    );

    for (const route of INVOCATION_ROUTES) {
      const response = await send(
        route,
        { session, invocation: listed.body.invocation.id, artifact: ids.artifact },
        OWNER,
      );
      expect(response.status).toBe(404);
      expect(response.body.error?.message).toBe('session not found');
    }
  });
});
