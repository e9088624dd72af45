import { RouteTable } from './route-table.js';

describe('RouteTable.allowedMethodsFor (API.md 1.4, 5)', () => {
  // The registrations Fastify reports for the routes of API.md 5 (HEAD routes exposed for GET).
  const table = new RouteTable();
  for (const path of [
    '/healthz',
    '/livez',
    '/readyz',
    '/metrics',
    '/openapi.json',
    '/v1/sessions/:session_id',
    '/v1/sessions/:session_id/tools',
  ]) {
    table.add('GET', path);
    table.add('HEAD', path);
  }
  table.add('DELETE', '/v1/sessions/:session_id');
  table.add('POST', '/v1/sessions');
  table.add('POST', '/v1/sessions/:session_id/tools/:tool_name/invoke');
  for (const path of ['', '/logs', '/artifacts', '/artifacts/:artifact_id']) {
    table.add(['GET', 'HEAD'], `/v1/invocations/:invocation_id${path}`);
  }
  const allowedMethodsFor = (url: string) => table.allowedMethodsFor(url);

  it.each([
    ['/v1/sessions', 'POST'],
    ['/v1/sessions?x=1', 'POST'],
    ['/v1/sessions/abc', 'GET, HEAD, DELETE'],
    ['/v1/sessions/abc/tools', 'GET, HEAD'],
    ['/v1/sessions/abc/tools/fs.stat/invoke', 'POST'],
    ['/v1/invocations/inv-1', 'GET, HEAD'],
    ['/v1/invocations/inv-1/logs', 'GET, HEAD'],
    ['/v1/invocations/inv-1/artifacts', 'GET, HEAD'],
    ['/v1/invocations/inv-1/artifacts/a-1', 'GET, HEAD'],
    ['/healthz', 'GET, HEAD'],
    ['/metrics', 'GET, HEAD'],
    ['/openapi.json', 'GET, HEAD'],
    ['/%761/sessions', 'POST'],
    ['/v%31/sessions/abc', 'GET, HEAD, DELETE'],
    ['/openapi%2ejson', 'GET, HEAD'],
  ])('should allow %s with %s', (url, allow) => {
    expect(allowedMethodsFor(url)).toBe(allow);
  });

  it.each([
    '/v1/sessions/',
    '/v1/sessions/abc/',
    '/v1/sessions/abc/unknown',
    '/v1',
    '/healthz/',
    '/openapi.jsonx',
    '/v1/sessions/a/tools/b',
    '/v1%2Fsessions',
    '/V1/sessions',
    '/v1/./sessions',
    '/openapixjson',
  ])('should know no route for %s', (url) => {
    expect(allowedMethodsFor(url)).toBeNull();
  });
});

describe('RouteTable.registered', () => {
  it('should list each path once with its methods in Allow order', () => {
    const table = new RouteTable();
    table.add('DELETE', '/v1/sessions/:session_id');
    table.add(['GET', 'HEAD'], '/v1/sessions/:session_id');
    table.add('post', '/v1/sessions');

    expect(table.registered()).toEqual([
      { path: '/v1/sessions/:session_id', methods: ['GET', 'HEAD', 'DELETE'] },
      { path: '/v1/sessions', methods: ['POST'] },
    ]);
  });
});
