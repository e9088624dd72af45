import type { JsonObject } from '#app/contracts';
import { AppException } from '#app/errors';
import { type BodyShape, checkBodyShape } from './body-shape.js';

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
    expect(
      messageOf(() => checkBodyShape(JSON.parse(JSON.stringify(body)) as JsonObject, SHAPE)),
    ).toBe(message);
  });

  it('should treat null as absent and accept free-form args and labels', () => {
    const body = {
      name: null,
      count: 2,
      tags: [],
      labels: { any: 'thing' },
      args: { deep: [1, { x: null }] },
      principal: { roles: null },
    };
    expect(messageOf(() => checkBodyShape(body as JsonObject, SHAPE))).toBe('accepted');
  });

  it('should refuse a __proto__ member parsed from JSON', () => {
    expect(
      messageOf(() => checkBodyShape(JSON.parse('{"__proto__":{"x":1}}') as JsonObject, SHAPE)),
    ).toBe('unknown field "__proto__"');
    expect(
      messageOf(() => checkBodyShape(JSON.parse('{"__proto__":1}') as JsonObject, SHAPE)),
    ).toBe('unknown field "__proto__"');
  });
});
