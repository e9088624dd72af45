import { Type } from '@sinclair/typebox';
import type { JsonObject } from '#app/contracts';
import { ArgsValidator } from './args-validator.js';
import { publishSchema } from './kit/published-schema.js';
import { Defaulted, StringEnum, ToolArgs } from './kit/schema-builders.js';

const Args = ToolArgs({
  path: Type.String(),
  depth: Defaulted(Type.Integer({ minimum: 1, maximum: 10, default: 3 })),
  label: Type.Optional(Type.String()),
  mode: Defaulted(StringEnum(['fast', 'full'], { default: 'fast' })),
  options: Defaulted(
    Type.Object(
      {
        recursive: Defaulted(Type.Boolean({ default: false })),
        limits: Defaulted(
          Type.Object(
            { max_files: Defaulted(Type.Integer({ minimum: 1, default: 100 })) },
            { additionalProperties: false, default: {} },
          ),
        ),
        note: Type.Optional(Type.String()),
      },
      { additionalProperties: false, default: {} },
    ),
  ),
});

describe('ArgsValidator', () => {
  const validator = new ArgsValidator();
  const schema = publishSchema(Args);
  const compiled = validator.compile(schema);
  const validate = (args: JsonObject) => validator.validate(compiled, schema, args);

  it('should fill the defaults into toolArgs at every depth while args stays as sent', () => {
    const sent: JsonObject = { path: 'src' };
    const result = validate(sent);
    expect(result).toEqual({
      ok: true,
      args: { path: 'src' },
      toolArgs: {
        path: 'src',
        depth: 3,
        mode: 'fast',
        options: { recursive: false, limits: { max_files: 100 } },
      },
    });
    expect(sent).toEqual({ path: 'src' });
  });

  it('should fill nested defaults into an object the caller sent partly', () => {
    const result = validate({ path: 'src', options: { limits: {} } });
    expect(result).toEqual({
      ok: true,
      args: { path: 'src', options: { limits: {} } },
      toolArgs: {
        path: 'src',
        depth: 3,
        mode: 'fast',
        options: { recursive: false, limits: { max_files: 100 } },
      },
    });
  });

  it('should keep the values the caller sent over the defaults', () => {
    const result = validate({
      path: 'a',
      depth: 7,
      mode: 'full',
      options: { recursive: true, limits: { max_files: 5 } },
    });
    expect(result.ok && result.toolArgs).toEqual({
      path: 'a',
      depth: 7,
      mode: 'full',
      options: { recursive: true, limits: { max_files: 5 } },
    });
  });

  it('should drop null members at the top level and in fixed nested objects, then default them', () => {
    const result = validate({
      path: 'a',
      depth: null,
      label: null,
      options: { recursive: null, note: null },
    });
    expect(result).toEqual({
      ok: true,
      args: { path: 'a', options: {} },
      toolArgs: {
        path: 'a',
        depth: 3,
        mode: 'fast',
        options: { recursive: false, limits: { max_files: 100 } },
      },
    });
  });

  it('should refuse a required member sent as null', () => {
    expect(validate({ path: null })).toEqual({
      ok: false,
      message: 'invalid args: /path is required',
    });
  });

  it('should name each failure by JSON pointer, all of them, with the messages unchanged', () => {
    expect(validate({ depth: 0, colour: 'red', mode: 'slow' })).toEqual({
      ok: false,
      message:
        'invalid args: /path is required; /colour is not allowed; /depth must be >= 1; ' +
        '/mode must be equal to one of the allowed values',
    });
    expect(validate({ path: 1, options: { limits: { max_files: 'many' }, x: 1 } })).toEqual({
      ok: false,
      message:
        'invalid args: /path must be string; /options/x is not allowed; ' +
        '/options/limits/max_files must be integer',
    });
  });

  it('should not coerce types', () => {
    expect(validate({ path: 'a', depth: '3' })).toEqual({
      ok: false,
      message: 'invalid args: /depth must be integer',
    });
  });
});
