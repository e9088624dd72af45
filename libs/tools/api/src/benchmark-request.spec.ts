import { AppException } from '#app/errors';
import { readBenchmarkRequest, routePath, targetUrl } from './benchmark-request.js';
import { readLoadPlan } from './load-plan.js';
import { matchesRoute } from './route-allowlist.js';

describe('api.benchmark request, load and route rules', () => {
  it.each([
    ['*', '/anything', true],
    ['/health', '/health', true],
    ['/health', '/healthz', false],
    ['/api/', '/api/v1/items', true],
    ['/api/*/items', '/api/v1/items', true],
    ['/api/*/items', '/api/v1/orders', false],
    ['regex:/v[0-9]+/items', '/v12/items', true],
    ['regex:/v[0-9]+/items', '/v12/items/x', false],
    ['regex:(', '/x', false],
  ])('should match route pattern %s against %s as %s', (pattern, path, expected) => {
    expect(matchesRoute(pattern, path)).toBe(expected);
  });

  it.each([
    ['//evil.example/x', 'request.path must be an absolute path without scheme or host'],
    ['http://evil.example/x', 'request.path must be an absolute path without scheme or host'],
    [
      '/redirect?to=https://evil.example',
      'request.path must be an absolute path without scheme or host',
    ],
    ['relative', 'request.path must be an absolute path without scheme or host'],
    ['/a/../admin', 'request.path must not contain a .. segment'],
    ['/a\r\nHost: x', 'request.path must not contain CR or LF'],
  ])('should refuse the path %j', (path, message) => {
    expect(() => readBenchmarkRequest({ request: { path } })).toThrow(
      new AppException('invalid_argument', message),
    );
  });

  it.each([
    'Authorization',
    'cookie',
    'Set-Cookie',
    'proxy-authorization',
    'x-api-key',
    'X-Auth-Token',
    'host',
    'content-length',
    // Path, host and method overrides honoured by frameworks and proxies (issue 11, finding 9).
    'X-Original-URL',
    'x-rewrite-url',
    'x-forwarded-host',
    'x-forwarded-prefix',
    'x-http-method-override',
    'X-HTTP-Method',
    'x-method-override',
  ])('should refuse the header %s', (name) => {
    expect(() =>
      readBenchmarkRequest({ request: { path: '/', headers: { [name]: 'v' } } }),
    ).toThrow(
      new AppException('invalid_argument', `request header ${name.toLowerCase()} is not allowed`),
    );
  });

  it('should accept the allowed headers, cap their count and size, and send a body only with a body method', () => {
    const accepted = readBenchmarkRequest({
      request: { path: '/q?x=1', headers: { Accept: 'a', 'x-tenant': 't' }, body: 'ignored' },
    });
    expect(accepted).toEqual({
      method: 'GET',
      path: '/q?x=1',
      headers: { accept: 'a', 'x-tenant': 't' },
      body: undefined,
    });
    expect(readBenchmarkRequest({ request: { path: '/', method: 'POST', body: 'b' } }).body).toBe(
      'b',
    );
    const many = Object.fromEntries(Array.from({ length: 33 }, (_, index) => [`x-h${index}`, 'v']));
    expect(() => readBenchmarkRequest({ request: { path: '/', headers: many } })).toThrow(
      'request.headers has more than 32 entries',
    );
    expect(() =>
      readBenchmarkRequest({ request: { path: '/', headers: { 'x-big': 'v'.repeat(8200) } } }),
    ).toThrow('request.headers exceed 8192 bytes');
    expect(() =>
      readBenchmarkRequest({
        request: { path: '/', method: 'PUT', body: 'b'.repeat(32 * 1024 + 1) },
      }),
    ).toThrow('request.body exceeds 32768 bytes');
  });

  it('should join the endpoint, its base path and the request path with its query', () => {
    expect(targetUrl('127.0.0.1:8080/base/', '/items?page=2').toString()).toBe(
      'http://127.0.0.1:8080/base/items?page=2',
    );
    expect(targetUrl('https://api.example', '/x').toString()).toBe('https://api.example/x');
    expect(() => targetUrl('ftp://files.example', '/x')).toThrow(
      'http profile endpoint not configured',
    );
  });

  it('should resolve the load plan with its caps and refuse arrival_rate without rps', () => {
    expect(readLoadPlan({})).toEqual({
      mode: 'constant_vus',
      durationMs: 10_000,
      vus: 1,
      rps: 0,
      maxVus: 50,
    });
    expect(
      readLoadPlan({ load: { mode: 'arrival_rate', rps: 120, duration_ms: 999_999 } }),
    ).toEqual({
      mode: 'arrival_rate',
      durationMs: 60_000,
      vus: 50,
      rps: 120,
      maxVus: 50,
    });
    expect(() => readLoadPlan({ load: { mode: 'arrival_rate' } })).toThrow(
      new AppException(
        'invalid_argument',
        'constraints violation: rps is required for arrival_rate',
      ),
    );
  });

  // Issue 11 finding 9: every way to name a path outside the base path or the allowed route.
  it.each([
    ['/api/.%2e/.%2e/outside', 'request.path must not contain a .. segment'],
    ['/api/%2e%2e/outside', 'request.path must not contain a .. segment'],
    ['/api/%2E%2e/outside', 'request.path must not contain a .. segment'],
    ['/api/%2e./outside', 'request.path must not contain a .. segment'],
    ['/api/./x', 'request.path must not contain a .. segment'],
    ['/api/%2e/x', 'request.path must not contain a .. segment'],
    ['/api/..', 'request.path must not contain a .. segment'],
    ['/api/..;/admin', 'request.path contains a character that is not allowed'],
    ['/api/x;jsessionid=1', 'request.path contains a character that is not allowed'],
    [
      '/api/..%2fadmin',
      'request.path must not encode a separator, a percent sign or a control character',
    ],
    [
      '/api/%2F..%2Fadmin',
      'request.path must not encode a separator, a percent sign or a control character',
    ],
    [
      '/api/%5c..%5cadmin',
      'request.path must not encode a separator, a percent sign or a control character',
    ],
    [
      '/api/%252e%252e/admin',
      'request.path must not encode a separator, a percent sign or a control character',
    ],
    ['/api/%00', 'request.path must not encode a separator, a percent sign or a control character'],
    [
      '/api/%3b/x',
      'request.path must not encode a separator, a percent sign or a control character',
    ],
    [
      '/api/%3f/x',
      'request.path must not encode a separator, a percent sign or a control character',
    ],
    ['/api\\..\\admin', 'request.path contains a character that is not allowed'],
    ['/\\evil.example/x', 'request.path contains a character that is not allowed'],
    ['/api/a b', 'request.path contains a character that is not allowed'],
    ['/api/é', 'request.path contains a character that is not allowed'],
    ['/api//x', 'request.path must not contain an empty segment'],
    ['/api/x#/../../admin', 'request.path must not contain a fragment'],
    ['/api/x%zz', 'request.path has an invalid percent-encoding'],
    ['/api/x%', 'request.path has an invalid percent-encoding'],
    ['/api/%c3%28', 'request.path has an invalid percent-encoding'],
    ['/api?x=%zz', 'request.path has an invalid percent-encoding'],
    ["/api?x='", 'request.path contains a character that is not allowed'],
    ['/api?x=a b', 'request.path contains a character that is not allowed'],
    ['HTTP://evil.example/x', 'request.path must be an absolute path without scheme or host'],
    ['//user@evil.example/x', 'request.path must be an absolute path without scheme or host'],
  ])('should refuse the escape %j', (path, message) => {
    expect(() => readBenchmarkRequest({ request: { path } })).toThrow(
      new AppException('invalid_argument', message),
    );
  });

  it('should match routes on the decoded path and keep @, encoded letters and the query in the path', () => {
    expect(routePath('/api/%75sers/x?q=/../a')).toBe('/api/users/x');
    expect(routePath('/api/@evil.example/x')).toBe('/api/@evil.example/x');
    expect(routePath('/api/file%2ejson')).toBe('/api/file.json');
  });

  it('should keep the target under the base path and send exactly the checked path', () => {
    for (const path of [
      '/',
      '/a/b/',
      '/a/@evil.example',
      '/a/%2e%2ex',
      '/x?q=..%2f..&r=/../',
    ] as const) {
      const url = targetUrl('http://127.0.0.1:8080/base', path);
      const sent = new URL(url.toString());
      expect(sent.host).toBe('127.0.0.1:8080');
      expect(`${sent.pathname}${sent.search}`).toBe(`/base${path}`);
    }
  });

  it('should refuse a path the URL parser would rewrite, as a last check before sending', () => {
    expect(() => targetUrl('http://127.0.0.1:8080/base', '/.%2e/outside')).toThrow(
      new AppException('policy_denied', 'request.path leaves the endpoint base path'),
    );
    expect(() => targetUrl('http://127.0.0.1:8080/base', '/a\\..\\..\\x')).toThrow(
      'request.path leaves the endpoint base path',
    );
  });
});
