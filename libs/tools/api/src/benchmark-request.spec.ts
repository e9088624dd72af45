import { AppException } from '#app/errors';
import { readBenchmarkRequest, targetUrl } from './benchmark-request.js';
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
    ['/redirect?to=https://evil.example', 'request.path must be an absolute path without scheme or host'],
    ['relative', 'request.path must be an absolute path without scheme or host'],
    ['/a/../admin', 'request.path must not contain a .. segment'],
    ['/a\r\nHost: x', 'request.path must not contain CR or LF'],
  ])('should refuse the path %j', (path, message) => {
    expect(() => readBenchmarkRequest({ request: { path } })).toThrow(new AppException('invalid_argument', message));
  });

  it.each(['Authorization', 'cookie', 'Set-Cookie', 'proxy-authorization', 'x-api-key', 'X-Auth-Token', 'host', 'content-length'])(
    'should refuse the header %s',
    (name) => {
      expect(() => readBenchmarkRequest({ request: { path: '/', headers: { [name]: 'v' } } })).toThrow(
        new AppException('invalid_argument', `request header ${name.toLowerCase()} is not allowed`),
      );
    },
  );

  it('should accept the allowed headers, cap their count and size, and send a body only with a body method', () => {
    const accepted = readBenchmarkRequest({ request: { path: '/q?x=1', headers: { Accept: 'a', 'x-tenant': 't' }, body: 'ignored' } });
    expect(accepted).toEqual({ method: 'GET', path: '/q?x=1', headers: { accept: 'a', 'x-tenant': 't' }, body: undefined });
    expect(readBenchmarkRequest({ request: { path: '/', method: 'POST', body: 'b' } }).body).toBe('b');
    const many = Object.fromEntries(Array.from({ length: 33 }, (_, index) => [`x-h${index}`, 'v']));
    expect(() => readBenchmarkRequest({ request: { path: '/', headers: many } })).toThrow('request.headers has more than 32 entries');
    expect(() => readBenchmarkRequest({ request: { path: '/', headers: { 'x-big': 'v'.repeat(8200) } } })).toThrow('request.headers exceed 8192 bytes');
    expect(() => readBenchmarkRequest({ request: { path: '/', method: 'PUT', body: 'b'.repeat(32 * 1024 + 1) } })).toThrow(
      'request.body exceeds 32768 bytes',
    );
  });

  it('should join the endpoint, its base path and the request path with its query', () => {
    expect(targetUrl('127.0.0.1:8080/base/', '/items?page=2').toString()).toBe('http://127.0.0.1:8080/base/items?page=2');
    expect(targetUrl('https://api.example', '/x').toString()).toBe('https://api.example/x');
    expect(() => targetUrl('ftp://files.example', '/x')).toThrow('http profile endpoint not configured');
  });

  it('should resolve the load plan with its caps and refuse arrival_rate without rps', () => {
    expect(readLoadPlan({})).toEqual({ mode: 'constant_vus', durationMs: 10_000, vus: 1, rps: 0, maxVus: 50 });
    expect(readLoadPlan({ load: { mode: 'arrival_rate', rps: 120, duration_ms: 999_999 } })).toEqual({
      mode: 'arrival_rate',
      durationMs: 60_000,
      vus: 50,
      rps: 120,
      maxVus: 50,
    });
    expect(() => readLoadPlan({ load: { mode: 'arrival_rate' } })).toThrow(
      new AppException('invalid_argument', 'constraints violation: rps is required for arrival_rate'),
    );
  });
});
