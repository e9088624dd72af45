import type { JsonObject } from './json.js';
import { plainCopy } from './plain-copy.js';

/** Deterministic PRNG (mulberry32) so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = ['path', 'depth', '0', '10', '__proto__', 'toString', '', 'é', 'b', 'a'];
const SCALARS = ['x', '', 0, -0, 1.5, NaN, true, false, null, undefined, 10n];

function makeValue(next: () => number, depth: number): unknown {
  const pick = next();
  if (depth > 6 || pick < 0.4) {
    return SCALARS[Math.floor(next() * SCALARS.length)];
  }
  if (pick < 0.45) {
    return [
      new Date(0),
      new Map([[1, 2]]),
      Object.create(null) as object,
      [1, , 3],
      new Error('e'),
    ][Math.floor(next() * 5)];
  }
  const width = Math.floor(next() * 4);
  if (pick < 0.7) {
    return Array.from({ length: width }, () => makeValue(next, depth + 1));
  }
  const object: Record<string, unknown> = {};
  for (let index = 0; index < width; index += 1) {
    Object.defineProperty(object, KEYS[Math.floor(next() * KEYS.length)], {
      value: makeValue(next, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return object;
}

/** Every object of `copy` is new: nothing of the caller's args is shared with the copy. */
function expectNoSharing(copy: unknown, original: unknown): void {
  if (typeof copy === 'object' && copy !== null) {
    expect(copy).not.toBe(original);
    for (const key of Object.keys(copy)) {
      expectNoSharing(
        (copy as Record<string, unknown>)[key],
        (original as Record<string, unknown>)[key],
      );
    }
  }
}

describe('plainCopy', () => {
  it('should copy every generated value exactly as structuredClone does, sharing nothing', () => {
    const next = random(7);
    for (let run = 0; run < 5000; run += 1) {
      const args = { v: makeValue(next, 0) } as JsonObject;
      const copy = plainCopy(args);
      expect(copy).toStrictEqual(structuredClone(args));
      expect(Object.keys(copy)).toEqual(Object.keys(args));
      expectNoSharing(copy, args);
    }
  });

  it('should keep an own __proto__ member a member and leave the prototype alone', () => {
    const args = JSON.parse('{"__proto__":{"polluted":true},"a":1}') as JsonObject;
    const copy = plainCopy(args);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('should keep shared and cyclic references as structuredClone does', () => {
    const shared = { n: 1 };
    const copy = plainCopy({ a: shared, b: shared });
    expect(copy['a']).toBe(copy['b']);
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    const cycleCopy = plainCopy(cyclic as JsonObject) as Record<string, unknown>;
    expect(cycleCopy['self']).toBe(cycleCopy);
  });

  it('should fail as structuredClone does on what cannot be cloned', () => {
    for (const bad of [Symbol('s'), () => 1, new Proxy({}, {})]) {
      expect(() => plainCopy({ bad })).toThrow(
        expect.objectContaining({ name: 'DataCloneError' }) as Error,
      );
    }
  });

  it('should copy args nested far deeper than its own limit', () => {
    let args: JsonObject = { leaf: 'x' };
    for (let level = 0; level < 500; level += 1) {
      args = { next: args };
    }
    expect(plainCopy(args)).toStrictEqual(structuredClone(args));
  });

  it('should copy a null-prototype object exactly as structuredClone does, into a plain object', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1, b: [2] });
    const record = { bare, list: [bare] };
    const copy = plainCopy(record);
    expect(copy).toStrictEqual(structuredClone(record));
    // structuredClone builds in Node's realm, not the spec's (Jest's vm context): compare with its.
    expect(Object.getPrototypeOf(copy.bare)).toBe(Object.getPrototypeOf(structuredClone({})));
    expect(copy.bare).toEqual({ a: 1, b: [2] });
    expect(copy.bare).not.toBe(bare);
  });

  it('should return an equal deep copy sharing no objects when given a JSON record', () => {
    const record = {
      id: 'inv-1',
      logs: [{ stream: 'stdout', line: 'a' }],
      output: { n: 1, list: [1, [2]], none: null },
    };
    const copy = plainCopy(record);
    expect(copy).toEqual(record);
    expect(copy).not.toBe(record);
    expect(copy.logs[0]).not.toBe(record.logs[0]);
    expect(copy.output.list[1]).not.toBe(record.output.list[1]);
  });

  it('should leave the original untouched when the copy is mutated', () => {
    const record = { artifacts: [{ id: 'a' }] };
    const copy = plainCopy(record);
    copy.artifacts.push({ id: 'b' });
    copy.artifacts[0].id = 'changed';
    expect(record).toEqual({ artifacts: [{ id: 'a' }] });
  });

  it('should keep an own __proto__ member as data when the record came from JSON.parse', () => {
    const record = JSON.parse('{"output":{"__proto__":{"polluted":true}}}') as {
      output: Record<string, unknown>;
    };
    const copy = plainCopy(record);
    expect(Object.keys(copy.output)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(copy.output)).toBe(Object.prototype);
    expect((copy.output as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('should copy non-plain objects like structuredClone when a record holds one', () => {
    const when = new Date(0);
    const copy = plainCopy({ when });
    expect(copy.when).toEqual(when);
    expect(copy.when).not.toBe(when);
    expect(() => plainCopy({ run: () => 1 })).toThrow();
  });
});
