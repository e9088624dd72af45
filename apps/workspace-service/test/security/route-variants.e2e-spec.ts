import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SessionService } from '#app/sessions';
import { InvocationStore } from '#app/stores';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Issue 11 finding 1: authentication is decided by the route that serves the request, never by the
// raw URL. Every route of API.md 5 is walked with percent-encoded, double-slash, dot-segment, case,
// trailing-slash, `;`-param and query variants over a real socket (Node's client sends the path
// byte for byte; inject and fetch would normalise dot segments away).

const TOKEN = 'variant-token';
const headersOf = (tenant: string, actor: string, roles = 'developer'): Record<string, string> => ({
  'x-workspace-auth-token': TOKEN,
  'x-workspace-tenant-id': tenant,
  'x-workspace-actor-id': actor,
  'x-workspace-roles': roles,
});
const OWNER = headersOf('tenant-a', 'alice');
const STRANGER = headersOf('tenant-b', 'mallory', 'platform_admin');
const SPOOFED = { tenant_id: 'tenant-a', actor_id: 'alice', roles: ['platform_admin'] };

interface Ids {
  session: string;
  invocation: string;
  artifact: string;
}

interface RouteCase {
  name: string;
  method: string;
  path: (ids: Ids) => string;
  body?: unknown;
  public?: true;
}

// API.md 5: every route, HEAD included.
const ROUTES: RouteCase[] = [
  ...['/healthz', '/livez', '/readyz', '/metrics', '/openapi.json'].flatMap((path): RouteCase[] => [
    { name: `GET ${path}`, method: 'GET', path: () => path, public: true },
    { name: `HEAD ${path}`, method: 'HEAD', path: () => path, public: true },
  ]),
  {
    name: 'POST sessions',
    method: 'POST',
    path: () => '/v1/sessions',
    body: { principal: SPOOFED, metadata: {} },
  },
  { name: 'GET session', method: 'GET', path: (ids) => `/v1/sessions/${ids.session}` },
  { name: 'HEAD session', method: 'HEAD', path: (ids) => `/v1/sessions/${ids.session}` },
  { name: 'DELETE session', method: 'DELETE', path: (ids) => `/v1/sessions/${ids.session}` },
  {
    name: 'POST fork',
    method: 'POST',
    path: (ids) => `/v1/sessions/${ids.session}/fork`,
    body: { metadata: {} },
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
    path: (ids) => `/v1/sessions/${ids.session}/tools/fs.list/invoke`,
    body: { args: {} },
  },
  {
    name: 'POST explain',
    method: 'POST',
    path: (ids) => `/v1/sessions/${ids.session}/tools/fs.list/explain`,
    body: { args: {} },
  },
  {
    name: 'POST mcp',
    method: 'POST',
    path: (ids) => `/v1/sessions/${ids.session}/mcp`,
    body: {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: '2025-11-25',
        capabilities: {},
        clientInfo: { name: 'v', version: '1' },
      },
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
    name: 'GET artifact',
    method: 'GET',
    path: (ids) => `/v1/invocations/${ids.invocation}/artifacts/${ids.artifact}`,
  },
];

const hex = (character: string): string => character.charCodeAt(0).toString(16).padStart(2, '0');

/** Spellings of one path that a naive `startsWith`/`Set.has` test on the raw URL would misread. */
export function pathVariants(path: string): string[] {
  const segments = path.split('/').slice(1);
  const join = (parts: string[]): string => `/${parts.join('/')}`;
  const variants = new Set<string>();
  segments.forEach((segment, index) => {
    const replaceSegment = (value: string): string =>
      join(segments.map((s, i) => (i === index ? value : s)));
    const first = segment.search(/[A-Za-z0-9.]/);
    const last =
      segment.length -
      1 -
      [...segment]
        .reverse()
        .join('')
        .search(/[A-Za-z0-9.]/);
    for (const letter of first >= 0 ? [first, last] : []) {
      const character = segment[letter];
      const before = segment.slice(0, letter);
      const after = segment.slice(letter + 1);
      variants.add(replaceSegment(`${before}%${hex(character).toUpperCase()}${after}`));
      variants.add(replaceSegment(`${before}%${hex(character)}${after}`));
      // Double encoding must not be decoded twice.
      variants.add(replaceSegment(`${before}%25${hex(character)}${after}`));
    }
    variants.add(
      replaceSegment(encodeURIComponent(segment).replace(/[A-Za-z0-9]/g, (c) => `%${hex(c)}`)),
    );
    variants.add(replaceSegment(segment.toUpperCase()));
    variants.add(replaceSegment(`${segment};x=1`));
    variants.add(replaceSegment(`${segment}%00`));
    variants.add(replaceSegment(`${segment}%20`));
    if (index > 0) {
      const head = join(segments.slice(0, index));
      const tail = segments.slice(index).join('/');
      for (const separator of [
        '%2F',
        '%2f',
        '/',
        '/./',
        '/x/../',
        '/x/%2e%2e/',
        '/%2e/',
        '/.%2e/',
        '\\',
        '%5C',
      ]) {
        const glue = separator === '/' ? '//' : separator;
        variants.add(`${head}${glue}${tail}`);
      }
    }
  });
  variants.add(path.toUpperCase());
  variants.add(`${path}/`);
  variants.add(`${path}//`);
  variants.add(`${path}/.`);
  variants.add(`${path}?a=b`);
  variants.add(`${path}?`);
  variants.add(`${path}#frag`);
  variants.add(`/.${path}`);
  variants.add(`/x/..${path}`);
  variants.add(`/%2e%2e${path}`);
  variants.add(`/${path}`);
  // Absolute-form request target (RFC 9112 3.2.2): the URL does not start with "/" at all.
  variants.add(`http://127.0.0.1${path}`);
  variants.add(`http://x/${path}`);
  variants.delete(path);
  return [...variants];
}

interface RawResponse {
  status: number;
  body: string;
}

describe('route variants (issue 11 finding 1)', () => {
  let agent: Agent;
  let port: number;

  const send = (
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: unknown,
  ): Promise<RawResponse> =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const request = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method,
          path,
          agent,
          // The MCP route (API.md 5.24) needs both media types accepted; the others ignore Accept.
          headers: {
            accept: 'application/json, text/event-stream',
            ...headers,
            ...(payload ? { 'content-type': 'application/json' } : {}),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(payload);
    });

  const listen = async (t: TestApp): Promise<void> => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.getHttpServer().address() as AddressInfo).port;
  };

  beforeAll(() => {
    agent = new Agent({ keepAlive: true, maxSockets: 4 });
  });
  afterAll(() => agent.destroy());

  it('should build variants that include the reported bypass', () => {
    expect(pathVariants('/v1/sessions')).toEqual(
      expect.arrayContaining([
        '/%761/sessions',
        '/v%31/sessions',
        '/V1/SESSIONS',
        '/v1//sessions',
        '/v1/./sessions',
        '/v1%2Fsessions',
      ]),
    );
  });

  describe('trusted_headers mode', () => {
    let t: TestApp;
    let ids: Ids;
    let reachedLookup: string[];

    beforeAll(async () => {
      t = await startTestApp({
        WORKSPACE_AUTH_MODE: 'trusted_headers',
        WORKSPACE_AUTH_SHARED_TOKEN: TOKEN,
      });
      await listen(t);
      const created = await send('POST', '/v1/sessions', OWNER, {});
      const session = (JSON.parse(created.body) as { session: { id: string } }).session.id;
      const written = await send(
        'POST',
        `/v1/sessions/${session}/tools/fs.write_file/invoke`,
        OWNER,
        {
          approved: true,
          args: { path: 'own.txt', content: 'mine' },
        },
      );
      const invocation = (
        JSON.parse(written.body) as { invocation: { id: string; artifacts: Array<{ id: string }> } }
      ).invocation;
      ids = { session, invocation: invocation.id, artifact: invocation.artifacts[0].id };
      // Anything past authentication looks a session or invocation up, or creates one.
      reachedLookup = [];
      const sessions = t.app.get(SessionService);
      const invocations = t.app.get(InvocationStore);
      for (const [target, method] of [
        [sessions, 'find'],
        [sessions, 'create'],
        [sessions, 'close'],
        [invocations, 'get'],
      ] as const) {
        const methods = target as unknown as Record<string, (...args: unknown[]) => unknown>;
        const original = methods[method].bind(target);
        methods[method] = (...args: unknown[]) => {
          reachedLookup.push(method);
          return original(...args);
        };
      }
    });
    afterAll(() => t.close());

    it.each(ROUTES.filter((route) => !route.public))(
      'should answer every variant of $name without a token with 401 or 404, never reaching a handler',
      async (route) => {
        const outcomes: string[] = [];
        for (const path of [route.path(ids), ...pathVariants(route.path(ids))]) {
          reachedLookup.length = 0;
          const response = await send(route.method, path, {}, route.body);
          if (![400, 401, 404, 405].includes(response.status) || reachedLookup.length > 0) {
            outcomes.push(
              `${route.method} ${path} -> ${response.status} ${reachedLookup.join(',')}`,
            );
          }
        }
        expect(outcomes).toEqual([]);
      },
    );

    it.each(ROUTES.filter((route) => !route.public))(
      'should serve every routing variant of $name with a token exactly like the canonical path',
      async (route) => {
        // DELETE as a stranger (403) so the walk cannot close the session it walks.
        const headers = route.method === 'DELETE' ? STRANGER : OWNER;
        const canonical = await send(route.method, route.path(ids), headers, route.body);
        const mismatches: string[] = [];
        for (const path of pathVariants(route.path(ids))) {
          const response = await send(route.method, path, headers, route.body);
          // HEAD answers carry no body: any 404 is "did not route" or "unknown resource", both fine.
          if (
            response.status === 404 &&
            (route.method === 'HEAD' || response.body.includes('route not found'))
          ) {
            continue;
          }
          if (response.status === 405 || response.status === 400) {
            continue;
          }
          // A variant that routes may only differ by naming another (unknown) resource.
          const sameResource = response.status === canonical.status;
          const unknownResource =
            response.status === 404 &&
            /(session|invocation|artifact|tool) not found/.test(response.body);
          if (!sameResource && !unknownResource) {
            mismatches.push(
              `${route.method} ${path} -> ${response.status} (canonical ${canonical.status})`,
            );
          }
        }
        expect(mismatches).toEqual([]);
      },
    );

    it('should create sessions for the header principal only, whatever path spelling and body principal', async () => {
      for (const path of ['/v1/sessions', ...pathVariants('/v1/sessions')]) {
        const response = await send('POST', path, STRANGER, { principal: SPOOFED });
        if (response.status === 201) {
          const { session } = JSON.parse(response.body) as { session: { principal: unknown } };
          expect(session.principal).toEqual({
            tenant_id: 'tenant-b',
            actor_id: 'mallory',
            roles: ['platform_admin'],
          });
        }
      }
    });

    it('should never write an audit line naming a principal that did not authenticate', () => {
      const audits = t.logs.filter((line) => line['msg'] === 'audit.tool_invocation');
      expect(audits.length).toBeGreaterThan(0);
      for (const line of audits) {
        expect({ tenant: line['tenant_id'], actor: line['actor_id'] }).toEqual({
          tenant: 'tenant-a',
          actor: 'alice',
        });
        expect(line['roles']).toEqual(['developer']);
      }
    });

    it.each(ROUTES.filter((route) => route.public && route.method === 'GET'))(
      'should serve $name without credentials and its variants with the same status or 404',
      async (route) => {
        const canonical = await send(route.method, route.path(ids), {});
        expect(canonical.status).toBe(200);
        for (const path of pathVariants(route.path(ids))) {
          expect([canonical.status, 400, 404]).toContain(
            (await send(route.method, path, {})).status,
          );
        }
      },
    );
  });

  describe('payload mode', () => {
    let t: TestApp;
    let ids: Ids;

    beforeAll(async () => {
      t = await startTestApp();
      await listen(t);
      const created = await send(
        'POST',
        '/v1/sessions',
        {},
        { principal: { tenant_id: 'tenant-a', actor_id: 'alice' } },
      );
      const session = (JSON.parse(created.body) as { session: { id: string } }).session.id;
      const written = await send(
        'POST',
        `/v1/sessions/${session}/tools/fs.write_file/invoke`,
        {},
        {
          approved: true,
          args: { path: 'own.txt', content: 'mine' },
        },
      );
      const invocation = (
        JSON.parse(written.body) as { invocation: { id: string; artifacts: Array<{ id: string }> } }
      ).invocation;
      ids = { session, invocation: invocation.id, artifact: invocation.artifacts[0].id };
    });
    afterAll(() => t.close());

    it.each([
      ['/v1/sessions/a%2Fb', 404, 'session not found'],
      ['/v1/sessions/..', 404, 'session not found'],
      ['/v1/sessions/%2e%2e', 404, 'session not found'],
      ['/v1/sessions/x;y', 404, 'session not found'],
      ['/v1/%2e/sessions', 404, 'route not found'],
      ['/v1/sessions%2Fx', 404, 'route not found'],
      ['/v1/sessions/x/', 404, 'route not found'],
      ['/V1/sessions/x', 404, 'route not found'],
      ['/v1/sessions/%zz', 400, 'invalid request path'],
    ])('should answer GET %s as API.md 1.4 says (%i %s)', async (path, status, message) => {
      const response = await send('GET', path, {});
      expect(response.status).toBe(status);
      expect((JSON.parse(response.body) as { error: { message: string } }).error.message).toMatch(
        new RegExp(`^${message}`),
      );
    });

    it.each([
      ['PUT', '/v1/sessions/x', 'GET, HEAD, DELETE'],
      ['PUT', '/v%31/sessions/x', 'GET, HEAD, DELETE'],
      ['GET', '/%761/sessions', 'POST'],
      ['POST', '/%68ealthz', 'GET, HEAD'],
      ['DELETE', '/v1/invocations/%69nv-1/artifacts', 'GET, HEAD'],
    ])(
      'should answer %s %s with 405 and the Allow of the route it spells (%s)',
      async (method, path, allow) => {
        const response = await new Promise<{ status: number; allow: unknown }>(
          (resolve, reject) => {
            const request = httpRequest({ host: '127.0.0.1', port, method, path, agent }, (res) => {
              res.resume();
              res.on('end', () =>
                resolve({ status: res.statusCode ?? 0, allow: res.headers['allow'] }),
              );
            });
            request.on('error', reject);
            request.end();
          },
        );
        expect(response).toEqual({ status: 405, allow });
      },
    );

    it('should not decode %25 twice: the session named by a double-encoded id is the literal text', async () => {
      const id = (await send('GET', `/v1/sessions/${ids.session}`, {})).status;
      expect(id).toBe(200);
      expect(
        (
          await send(
            'GET',
            `/v1/sessions/%25${ids.session.charCodeAt(0).toString(16)}${ids.session.slice(1)}`,
            {},
          )
        ).status,
      ).toBe(404);
    });

    it.each(ROUTES.filter((route) => route.method !== 'DELETE'))(
      'should serve $name and answer its variants with the same status or 404/405',
      async (route) => {
        const canonical = await send(route.method, route.path(ids), {}, route.body);
        expect(canonical.status).toBeLessThan(300);
        const mismatches: string[] = [];
        for (const path of pathVariants(route.path(ids))) {
          const response = await send(route.method, path, {}, route.body);
          if (![canonical.status, 400, 404, 405].includes(response.status)) {
            mismatches.push(`${route.method} ${path} -> ${response.status}`);
          }
        }
        expect(mismatches).toEqual([]);
      },
    );
  });
});
