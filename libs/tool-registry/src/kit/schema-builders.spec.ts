import { Type } from '@sinclair/typebox';
import { publishSchema } from './published-schema.js';
import {
  Defaulted,
  Dictionary,
  OpaqueArray,
  OpaqueObject,
  StringEnum,
  ToolArgs,
  ToolOutput,
} from './schema-builders.js';

const published = (schema: Parameters<typeof publishSchema>[0]): string =>
  JSON.stringify(publishSchema(schema));

describe('schema builders', () => {
  describe('ToolArgs', () => {
    it('should refuse unknown members and require only the plain members', () => {
      const args = ToolArgs({
        path: Type.String(),
        depth: Type.Optional(Type.Integer()),
        max: Defaulted(Type.Integer({ default: 5 })),
      });
      expect(published(args)).toBe(
        '{"type":"object","properties":{"path":{"type":"string"},"depth":{"type":"integer"},' +
          '"max":{"type":"integer","default":5}},"required":["path"],"additionalProperties":false}',
      );
    });

    it('should omit required when every member is optional or defaulted, and for no members', () => {
      expect(published(ToolArgs({ a: Type.Optional(Type.String()) }))).toBe(
        '{"type":"object","properties":{"a":{"type":"string"}},"additionalProperties":false}',
      );
      expect(published(ToolArgs({}))).toBe(
        '{"type":"object","properties":{},"additionalProperties":false}',
      );
    });
  });

  describe('Defaulted', () => {
    it('should throw at declaration when the schema has no default', () => {
      expect(() => Defaulted(Type.Integer({ minimum: 1 }))).toThrow(
        'Defaulted() needs a schema with a default value',
      );
    });

    it('should accept any default, including false, 0 and the empty string', () => {
      expect(() => Defaulted(Type.Boolean({ default: false }))).not.toThrow();
      expect(() => Defaulted(Type.Integer({ default: 0 }))).not.toThrow();
      expect(() => Defaulted(Type.String({ default: '' }))).not.toThrow();
    });
  });

  describe('ToolOutput', () => {
    it('should publish every member and no required list', () => {
      const output = ToolOutput({ count: Type.Integer(), items: Type.Array(Type.String()) });
      const json = publishSchema(output);
      expect(json).not.toHaveProperty('required');
      expect(published(output)).toBe(
        '{"type":"object","properties":{"count":{"type":"integer"},' +
          '"items":{"type":"array","items":{"type":"string"}}}}',
      );
    });

    it('should publish an empty output as an object with empty properties', () => {
      expect(published(ToolOutput({}))).toBe('{"type":"object","properties":{}}');
    });
  });

  describe('StringEnum', () => {
    it('should publish type then enum, then the options as written', () => {
      expect(published(StringEnum(['a', 'b']))).toBe('{"type":"string","enum":["a","b"]}');
      expect(published(StringEnum(['x'], { description: 'One', default: 'x' }))).toBe(
        '{"type":"string","enum":["x"],"description":"One","default":"x"}',
      );
    });
  });

  describe('OpaqueObject and OpaqueArray', () => {
    it('should publish only the type, then the options', () => {
      expect(published(OpaqueObject())).toBe('{"type":"object"}');
      expect(published(OpaqueArray())).toBe('{"type":"array"}');
      expect(published(OpaqueObject({ description: 'Report' }))).toBe(
        '{"type":"object","description":"Report"}',
      );
      expect(published(OpaqueArray({ description: 'Rows' }))).toBe(
        '{"type":"array","description":"Rows"}',
      );
    });
  });

  describe('Dictionary', () => {
    it('should publish an object whose additionalProperties is the value schema', () => {
      expect(published(Dictionary(Type.String()))).toBe(
        '{"type":"object","additionalProperties":{"type":"string"}}',
      );
      expect(published(Dictionary(Type.Integer({ minimum: 0 }), { description: 'Counts' }))).toBe(
        '{"type":"object","additionalProperties":{"type":"integer","minimum":0},' +
          '"description":"Counts"}',
      );
    });
  });
});
