import { RouteTable } from '#app/http';
import { startTestApp, type TestApp } from './support/test-app.js';

const BAD_TOKEN = {
  code: 'unauthorized',
  message: 'invalid authentication token',
  retryable: false,
};

type Operations = Record<string, { security?: unknown[] }>;

/**
 * The OpenAPI document is written by hand (libs/platform/src/openapi-document.ts) while routing,
 * authentication and 405 come from controller metadata: this keeps the two in step, so a route
 * added with one decorator cannot go undocumented, and a documented `auth` flag cannot disagree with
 * what `@Public()` and the trusted-header guard actually do.
 */
describe('OpenAPI document against the registered routes (API.md 4.1, 5)', () => {
  let t: TestApp;
  let documented: Array<{ path: string; method: string; auth: boolean }>;

  beforeAll(async () => {
    t = await startTestApp({
      WORKSPACE_AUTH_MODE: 'trusted_headers',
      WORKSPACE_AUTH_SHARED_TOKEN: 'openapi-token',
    });
    const paths = (await t.request('GET', '/openapi.json')).body['paths'] as Record<
      string,
      Operations
    >;
    documented = Object.entries(paths).flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, operation]) => ({
        path: path.replace(/\{([a-z_]+)\}/g, ':$1'),
        method: method.toUpperCase(),
        // Public operations carry `security: []`; the others inherit the document's authentication.
        auth: operation.security === undefined,
      })),
    );
  });
  afterAll(() => t.close());

  it('should document exactly the routes the server registers (HEAD comes with GET)', () => {
    const registered = t.app
      .get(RouteTable)
      .registered()
      .flatMap(({ path, methods }) =>
        methods.filter((method) => method !== 'HEAD').map((method) => `${method} ${path}`),
      );

    expect(registered).toContain('POST /v1/sessions/:session_id/tools/:tool_name/invoke');
    expect(registered).toContain('POST /v1/sessions/:session_id/renew');
    expect(documented.map(({ method, path }) => `${method} ${path}`).sort()).toEqual(
      registered.sort(),
    );
  });

  it('should authenticate exactly the operations documented with security', async () => {
    for (const { path, method, auth } of documented) {
      const response = await t.request(
        method,
        path.replace(/:[a-z_]+/g, 'x'),
        method === 'POST' ? { body: {} } : {},
      );
      const outcome = {
        route: `${method} ${path}`,
        refused: response.status === 401 ? response.body['error'] : 'served',
      };
      expect(outcome).toEqual({ route: `${method} ${path}`, refused: auth ? BAD_TOKEN : 'served' });
    }
  });
});
