import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Issue 11, finding 9: api.benchmark must never send a request outside the endpoint's base path
// and the allowed routes. A loopback listener records the request-target of every request line
// it receives, so the test checks what actually went on the wire.
describe('api.benchmark route escapes (issue 11: finding 9)', () => {
  let t: TestApp;
  let listener: Server;
  let sessionId: string;
  const targets: string[] = [];

  const bench = (path: string) =>
    t.request('POST', `/v1/sessions/${sessionId}/tools/api.benchmark/invoke`, {
      body: {
        approved: true,
        args: { profile_id: 'sec.api', request: { path }, load: { duration_ms: 100 } },
      },
    });

  beforeAll(async () => {
    listener = createServer((request, response) => {
      targets.push(request.url ?? '');
      response.end('ok');
    });
    listener.listen(0, '127.0.0.1');
    await once(listener, 'listening');
    const { port } = listener.address() as AddressInfo;
    t = await startTestApp({
      WORKSPACE_CONN_PROFILES_JSON: JSON.stringify([
        {
          id: 'sec.api',
          kind: 'api',
          read_only: true,
          scopes: { routes: ['/public/', '/status'] },
        },
      ]),
      WORKSPACE_CONN_PROFILE_ENDPOINTS_JSON: JSON.stringify({
        'sec.api': `http://127.0.0.1:${port}/api`,
      }),
    });
    const response = await t.request('POST', '/v1/sessions', {
      body: { principal: { tenant_id: 'sec', actor_id: 'agent', roles: ['devops'] } },
    });
    sessionId = response.body.session.id;
  });

  afterAll(async () => {
    await t.close();
    await new Promise<void>((resolve) => listener.close(() => resolve()));
  });

  it.each([
    '/public/.%2e/.%2e/outside',
    '/public/%2e%2e/%2e%2e/outside',
    '/public/%2E%2e/outside',
    '/public/.%2E/outside',
    '/public/..;/outside',
    '/public/..%2foutside',
    '/public/%2F..%2F..%2Foutside',
    '/public\\..\\..\\outside',
    '/public/%5c..%5coutside',
    '/public/%252e%252e/%252e%252e/outside',
    '//evil.example/public/',
    '/public//evil.example/x',
    '/\\evil.example/public/',
    'http://evil.example/public/',
    '/public/x#/../../outside',
    '/outside?/public/',
    '/@evil.example/public/',
    '/public/%00/x',
  ])('should refuse %j and send nothing', async (path) => {
    targets.length = 0;
    const response = await bench(path);
    expect([400, 403]).toContain(response.status);
    expect(['invalid_argument', 'policy_denied']).toContain(response.body.error.code);
    expect(targets).toEqual([]);
  });

  it('should send exactly <base path><checked path> for an allowed route', async () => {
    targets.length = 0;
    const response = await bench('/public/a%2e%2eb/@x?next=/../../outside');
    expect(response.status).toBe(200);
    expect(targets.length).toBeGreaterThan(0);
    expect(new Set(targets)).toEqual(new Set(['/api/public/a%2e%2eb/@x?next=/../../outside']));
  });
});
