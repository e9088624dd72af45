import { jsonNestingOf } from './json-depth.js';
import { parseJsonObjectBody } from './json-body.js';

const body = (text: string) => ({ kind: 'bytes' as const, bytes: Buffer.from(text) });

describe('jsonNestingOf', () => {
  it.each([
    ['{}', 0],
    ['1', 0],
    ['{"a":1}', 0],
    ['{"a":{}}', 1],
    ['{"a":[[]]}', 2],
    ['{"a":"[[[[{{{{"}', 0],
    ['{"a":"\\"[[[["}', 0],
    ['{"a":"\\\\","b":[[]]}', 2],
    ['[{"a":[{"b":1}]}]', 3],
  ])('should measure %s as %i levels below the top', (text, expected) => {
    expect(jsonNestingOf(text)).toBe(expected);
  });
});

describe('parseJsonObjectBody nesting', () => {
  const deep = (levels: number) => `{"x":${'['.repeat(levels)}${']'.repeat(levels)}}`;

  it('should accept a body nested exactly 64 levels below the top-level object', () => {
    expect(() => parseJsonObjectBody(body(deep(64)))).not.toThrow();
  });

  it.each([65, 5000, 1_000_000])(
    'should refuse a body nested %i levels with invalid_argument',
    (levels) => {
      expect(() => parseJsonObjectBody(body(deep(levels)))).toThrow(
        'invalid request body: nested deeper than 64 levels',
      );
    },
  );
});
