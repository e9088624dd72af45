import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIObject } from '@nestjs/swagger';
import { RouteTable } from '#app/http';
import { documentGaps } from '#app/openapi';
import { type JsonBody, startTestApp, type TestApp } from './support/test-app.js';

const BAD_TOKEN = {
  code: 'unauthorized',
  message: 'invalid authentication token',
  retryable: false,
};

type Operation = { security?: unknown[] };

/**
 * The OpenAPI document is generated from controller metadata (libs/openapi): a registered route is
 * in it by construction. These tests keep the other half honest: every route carries the
 * decorators that describe it (summary, success answer with its content, the error answers API.md
 * lists for its kind), `security` agrees with what `@Public()` and the trusted-header guard do, and
 * a real OpenAPI validator accepts the whole document.
 */
describe('OpenAPI document against the registered routes (API.md 4.1, 5)', () => {
  let t: TestApp;
  let document: JsonBody;
  let documented: Array<{ path: string; method: string; auth: boolean }>;

  beforeAll(async () => {
    t = await startTestApp({
      WORKSPACE_AUTH_MODE: 'trusted_headers',
      WORKSPACE_AUTH_SHARED_TOKEN: 'openapi-token',
    });
    document = (await t.request('GET', '/openapi.json')).body;
    const paths = document['paths'] as Record<string, Record<string, Operation>>;
    documented = Object.entries(paths).flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, operation]) => ({
        path: path.replace(/\{([a-z_]+)\}/g, ':$1'),
        method: method.toUpperCase(),
        // Public operations carry `security: []`; the others inherit the document's requirement.
        auth: operation.security === undefined,
      })),
    );
  });
  afterAll(() => t.close());

  it('should pass a real OpenAPI validator (@apidevtools/swagger-parser)', async () => {
    // validate() dereferences in place: hand it a copy.
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
    expect(document['openapi']).toMatch(/^3\./);
    expect(document['info']).toEqual({ title: 'Workspace Execution Service', version: 'unknown' });
  });

  it('should reject a broken document (the validator is not a stub)', async () => {
    const broken = structuredClone(document);
    broken['paths']['/healthz'].get.responses['200'].content['application/json'].schema = {
      $ref: '#/components/schemas/NoSuchSchema',
    };
    await expect(SwaggerParser.validate(broken as never)).rejects.toThrow();
  });

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

  it('should describe every route with its decorators: summary, success content, its errors', () => {
    const gaps = documentGaps(document as OpenAPIObject);

    expect(gaps).toEqual([]);
  });

  it('should give every error status the envelope with the codes API.md 3.2 maps to it', () => {
    const invoke = document['paths']['/v1/sessions/{session_id}/tools/{tool_name}/invoke'].post;
    const schema = invoke.responses['403'].content['application/json'].schema;
    expect(schema.allOf[0]).toEqual({ $ref: '#/components/schemas/Error' });
    expect(schema.allOf[1].properties.error.properties.code.enum).toEqual([
      'policy_denied',
      'quota_exceeded',
    ]);
    expect(Object.keys(invoke.responses)).toEqual(
      expect.arrayContaining([
        '200',
        '202',
        '400',
        '401',
        '403',
        '404',
        '409',
        '413',
        '428',
        '429',
      ]),
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
