import type { JsonObject } from '#app/contracts';
import { AppException } from '#app/errors';
import { type BodyShape, checkBodyShape } from './body-shape.js';
import { parseJsonObjectBody } from './json-body.js';
import { RouteTable } from './route-table.js';

const SHAPE: BodyShape = {
  name: 'string',
  flag: 'boolean',
  count: 'integer',
  tags: 'array of strings',
  labels: 'object of strings',
  args: 'object',
  principal: { fields: { tenant_id: 'string', roles: 'array of strings' } },
};

function messageOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof AppException) {
      expect(error.code).toBe('invalid_argument');
      return error.message;
    }
    throw error;
  }
  return 'accepted';
}

describe('checkBodyShape (API.md 1.2)', () => {
  it.each([
    [{ colour: 1 }, 'unknown field "colour"'],
    [{ principal: { team: 'x' } }, 'unknown field "principal.team"'],
    [{ constructor: 'x' }, 'unknown field "constructor"'],
    [{ toString: 'x' }, 'unknown field "toString"'],
    [{ principal: { hasOwnProperty: 'x' } }, 'unknown field "principal.hasOwnProperty"'],
    [{ name: 1 }, 'field "name" must be string'],
    [{ flag: 'true' }, 'field "flag" must be boolean'],
    [{ count: 1.5 }, 'field "count" must be integer'],
    [{ count: '1' }, 'field "count" must be integer'],
    [{ tags: ['a', 1] }, 'field "tags" must be array of strings'],
    [{ tags: 'a' }, 'field "tags" must be array of strings'],
    [{ labels: { a: 1 } }, 'field "labels.a" must be string'],
    [{ labels: ['a'] }, 'field "labels" must be object of strings'],
    [{ args: [] }, 'field "args" must be object'],
    [{ principal: 'x' }, 'field "principal" must be object'],
    [{ principal: { roles: [null] } }, 'field "principal.roles" must be array of strings'],
  ])('should refuse %j with %s', (body, message) => {
    expect(messageOf(() => checkBodyShape(JSON.parse(JSON.stringify(body)) as JsonObject, SHAPE))).toBe(message);
  });

  it('should treat null as absent and accept free-form args and labels', () => {
    const body = { name: null, count: 2, tags: [], labels: { any: 'thing' }, args: { deep: [1, { x: null }] }, principal: { roles: null } };
    expect(messageOf(() => checkBodyShape(body as JsonObject, SHAPE))).toBe('accepted');
  });

  it('should refuse a __proto__ member parsed from JSON', () => {
    expect(messageOf(() => checkBodyShape(JSON.parse('{"__proto__":{"x":1}}') as JsonObject, SHAPE))).toBe('unknown field "__proto__"');
    expect(messageOf(() => checkBodyShape(JSON.parse('{"__proto__":1}') as JsonObject, SHAPE))).toBe('unknown field "__proto__"');
  });
});

describe('parseJsonObjectBody (API.md 1.2)', () => {
  const bytes = (text: string): unknown => ({ kind: 'bytes', bytes: Buffer.from(text) });

  it.each(['', '   \n', '{"a":', '{"a":1} {}', '{"a":1}x', '[]', '"text"', '42', 'null', '\u00ff'])(
    'should refuse %j as an invalid request body',
    (text) => {
      expect(messageOf(() => parseJsonObjectBody(bytes(text)))).toMatch(/^invalid request body/);
    },
  );

  it('should refuse a missing body as empty', () => {
    expect(messageOf(() => parseJsonObjectBody(undefined))).toMatch(/^invalid request body/);
  });

  it('should accept one object surrounded by whitespace', () => {
    expect(parseJsonObjectBody(bytes('\n  {"a":[1]}  \n'))).toEqual({ a: [1] });
  });

  it('should answer 413 for a recorded oversized body', () => {
    try {
      parseJsonObjectBody({ kind: 'too_large' });
      throw new Error('expected a refusal');
    } catch (error) {
      expect((error as AppException).toBody()).toEqual({
        code: 'payload_too_large',
        message: 'request body exceeds 2 MiB limit',
        retryable: false,
      });
    }
  });
});

describe('RouteTable.allowedMethodsFor (API.md 1.4, 5)', () => {
  // The registrations Fastify reports for the routes of API.md 5 (HEAD routes exposed for GET).
  const table = new RouteTable();
  for (const path of ['/healthz', '/livez', '/readyz', '/metrics', '/openapi.json', '/v1/sessions/:session_id', '/v1/sessions/:session_id/tools']) {
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

  it.each(['/v1/sessions/', '/v1/sessions/abc/', '/v1/sessions/abc/unknown', '/v1', '/healthz/', '/openapi.jsonx', '/v1/sessions/a/tools/b', '/v1%2Fsessions', '/V1/sessions', '/v1/./sessions', '/openapixjson'])(
    'should know no route for %s',
    (url) => {
      expect(allowedMethodsFor(url)).toBeNull();
    },
  );
});
