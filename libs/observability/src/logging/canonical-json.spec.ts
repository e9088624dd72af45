import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

describe('canonicalJson', () => {
  it('should write an empty object as {} whose SHA-256 is the one of API.md 11.3 when args are empty', () => {
    const text = canonicalJson({});
    expect(text).toBe('{}');
    expect(createHash('sha256').update(text, 'utf8').digest('hex')).toBe(
      '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
    );
  });

  it('should sort keys by UTF-16 code units (upper case before lower case) when keys differ in case', () => {
    expect(canonicalJson({ b: 1, a: 2, B: 3, _: 4 })).toBe('{"B":3,"_":4,"a":2,"b":1}');
  });

  it('should sort an astral key before U+FFFF when ordering by code units rather than code points', () => {
    // U+1F600 is the surrogate pair D83D DE00, which sorts before FFFF in code units.
    expect(canonicalJson({ '\uFFFF': 1, '😀': 2, é: 3 })).toBe('{"é":3,"😀":2,"\uFFFF":1}');
  });

  it('should sort nested object keys and keep array order when values are nested', () => {
    const value = { z: [{ y: 1, x: [3, 1, 2] }, 'b', 'a'], a: { d: null, c: true } };
    expect(canonicalJson(value)).toBe(
      '{"a":{"c":true,"d":null},"z":[{"x":[3,1,2],"y":1},"b","a"]}',
    );
  });

  it('should write strings and numbers as JSON.stringify does when scalars need escaping', () => {
    const value = { s: 'line\n"quoted"\u2028', n: 1e21, f: 0.1, neg: -0, u: '\u0001' };
    expect(canonicalJson(value)).toBe(
      `{"f":0.1,"n":1e+21,"neg":0,"s":${JSON.stringify('line\n"quoted"\u2028')},"u":"\\u0001"}`,
    );
  });

  it('should produce no whitespace when the input was pretty-printed', () => {
    const parsed = JSON.parse('{ "path" : "a b",\n  "list": [ 1, 2 ] }') as unknown;
    expect(canonicalJson(parsed)).toBe('{"list":[1,2],"path":"a b"}');
  });
});

describe('canonicalJson depth', () => {
  it('should hash args nested 100000 levels deep without overflowing the stack', () => {
    let value: unknown = 'leaf';
    for (let i = 0; i < 100_000; i += 1) {
      value = i % 2 === 0 ? { k: value, a: i } : [i, value];
    }
    const text = canonicalJson(value);
    expect(text.startsWith('[99999,{"a":99998,"k":[99997,')).toBe(true);
    expect(text.endsWith(`[1,{"a":0,"k":"leaf"}]${'}]'.repeat(49_999)}`)).toBe(true);
  });

  it('should write empty containers and arrays of one element as JSON does', () => {
    expect(canonicalJson({ a: [], b: {}, c: [{}], d: [[1]] })).toBe(
      '{"a":[],"b":{},"c":[{}],"d":[[1]]}',
    );
  });
});
