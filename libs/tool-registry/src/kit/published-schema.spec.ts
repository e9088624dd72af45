import { Type } from '@sinclair/typebox';
import { ArgsValidator } from '../args-validator.js';
import { publishSchema, validationSchema } from './published-schema.js';
import { ComputedDefault, Defaulted, ToolArgs, ToolOutput } from './schema-builders.js';

/** The published JSON as text: key order is part of what the catalog shows. */
const published = (schema: Parameters<typeof publishSchema>[0]): string =>
  JSON.stringify(publishSchema(schema));

describe('publishSchema', () => {
  it('should put type first, then the options in the order they are written', () => {
    expect(
      published(Type.Integer({ description: 'Max', minimum: 1, maximum: 9, default: 3 })),
    ).toBe('{"type":"integer","description":"Max","minimum":1,"maximum":9,"default":3}');
    expect(published(Type.String({ default: '.', description: 'Where' }))).toBe(
      '{"type":"string","default":".","description":"Where"}',
    );
  });

  it('should put properties and required right after type for an object, options after', () => {
    const schema = Type.Object(
      { b: Type.String(), a: Type.Optional(Type.Integer()) },
      { description: 'Both', additionalProperties: false },
    );
    expect(published(schema)).toBe(
      '{"type":"object","properties":{"b":{"type":"string"},"a":{"type":"integer"}},' +
        '"required":["b"],"description":"Both","additionalProperties":false}',
    );
  });

  it('should put items right after type for an array, options after', () => {
    expect(published(Type.Array(Type.String(), { description: 'Paths', default: [] }))).toBe(
      '{"type":"array","items":{"type":"string"},"description":"Paths","default":[]}',
    );
  });

  it('should keep a Type.Unsafe node in the order it was written, publishing nested nodes', () => {
    const schema = Type.Unsafe<string[]>({
      type: 'array',
      description: 'Written first',
      items: Type.String({ minLength: 1 }),
    });
    expect(published(schema)).toBe(
      '{"type":"array","description":"Written first","items":{"type":"string","minLength":1}}',
    );
    expect(
      published(Type.Unsafe({ oneOf: [Type.String(), Type.Integer()], description: 'Either' })),
    ).toBe('{"oneOf":[{"type":"string"},{"type":"integer"}],"description":"Either"}');
  });

  it('should drop the TypeBox markers, including the optional modifier of Defaulted members', () => {
    const json = publishSchema(
      ToolArgs({ flag: Defaulted(Type.Boolean({ description: 'On', default: true })) }),
    );
    expect(json).toEqual({
      type: 'object',
      properties: { flag: { type: 'boolean', description: 'On', default: true } },
      additionalProperties: false,
    });
    expect(Object.getOwnPropertySymbols(json)).toEqual([]);
    expect(
      Object.getOwnPropertySymbols((json['properties'] as Record<string, object>)['flag']),
    ).toEqual([]);
  });

  it('should copy data keywords as they are, even when they look like schemas', () => {
    const schema = Type.Object(
      { mode: Type.Unsafe({ type: 'object', default: { type: 'string' } }) },
      { examples: [{ mode: { type: 'x' } }] },
    );
    expect(published(schema)).toBe(
      '{"type":"object","properties":{"mode":{"type":"object","default":{"type":"string"}}},' +
        '"required":["mode"],"examples":[{"mode":{"type":"x"}}]}',
    );
  });

  it('should publish nested objects by the same rule at any depth', () => {
    const schema = ToolArgs({
      outer: Type.Object(
        { inner: Type.Array(Type.Object({ n: Type.Integer() }), { maxItems: 2 }) },
        { additionalProperties: false },
      ),
    });
    expect(published(schema)).toBe(
      '{"type":"object","properties":{"outer":{"type":"object","properties":{"inner":' +
        '{"type":"array","items":{"type":"object","properties":{"n":{"type":"integer"}},' +
        '"required":["n"]},"maxItems":2}},"required":["inner"],"additionalProperties":false}},' +
        '"required":["outer"],"additionalProperties":false}',
    );
  });

  it('should publish a ToolOutput as type and properties only', () => {
    expect(published(ToolOutput({ ok: Type.Boolean() }))).toBe(
      '{"type":"object","properties":{"ok":{"type":"boolean"}}}',
    );
  });
});

describe('validationSchema', () => {
  const args = ToolArgs({
    strict: ComputedDefault(Type.Boolean({ description: 'From config', default: true })),
    limit: Defaulted(Type.Integer({ minimum: 1, default: 5 })),
  });

  it('should publish the default of a ComputedDefault member in the catalog', () => {
    expect(publishSchema(args)['properties']).toEqual({
      strict: { type: 'boolean', description: 'From config', default: true },
      limit: { type: 'integer', minimum: 1, default: 5 },
    });
  });

  it('should leave it out of what Ajv compiles, so the handler sees the member absent', () => {
    const validator = new ArgsValidator();
    const schema = validationSchema(args);
    const result = validator.validate(validator.compile(schema), schema, {});
    expect(result).toEqual({ ok: true, args: {}, toolArgs: { limit: 5 } });
  });

  it('should refuse a ComputedDefault declared without the published default', () => {
    expect(() => ComputedDefault(Type.Boolean())).toThrow(
      'ComputedDefault() needs a schema with the published default value',
    );
  });
});
