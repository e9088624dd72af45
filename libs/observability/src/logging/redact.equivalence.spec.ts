import { pinoOptions } from './pino-options.js';
import { REDACTED, redact, redactUrlCredentials } from './redact.js';

// The implementation before the fast paths (redact.ts, pino-options.ts `redactField`), kept here
// verbatim as the oracle: the fast paths must give the same output for every input.
const LEGACY_SECRET_KEY = /token|password|secret|authorization/i;
const LEGACY_USERINFO = /([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi;
const legacyUrl = (text: string): string => text.replace(LEGACY_USERINFO, '$1***@');

function legacyRedact(value: unknown, depth = 0): unknown {
  if (depth > 32) {
    return '[TRUNCATED]';
  }
  if (typeof value === 'string') {
    return legacyUrl(value);
  }
  if (Array.isArray(value)) {
    return value.map((item) => legacyRedact(item, depth + 1));
  }
  if (value !== null && typeof value === 'object') {
    if (value instanceof Error) {
      return { name: value.name, message: legacyUrl(value.message) };
    }
    const result: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      result[key] = LEGACY_SECRET_KEY.test(key) ? REDACTED : legacyRedact(member, depth + 1);
    }
    return result;
  }
  return value;
}

function legacyRedactFields(fields: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (['req', 'res', 'err'].includes(key)) {
      result[key] = value;
    } else if (key === 'msg') {
      result[key] = typeof value === 'string' ? legacyUrl(value) : value;
    } else {
      result[key] = (legacyRedact({ [key]: value }) as Record<string, unknown>)[key];
    }
  }
  return result;
}

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

const PIECES = [
  'a',
  'Z',
  '9',
  ':',
  '/',
  '//',
  '://',
  '@',
  ' ',
  '\n',
  '.',
  '+',
  '-',
  'https',
  'redis',
  'user:pw',
  'é',
  '😀',
  'x@y',
  'h://u@',
  '1ab://',
];
const KEYS = [
  'id',
  'msg',
  'api_token',
  'PASSWORD',
  'clientSecret',
  'Authorization',
  'tok',
  'name',
  'url',
  '__proto__',
  'req',
  'err',
  '0',
  '',
  'pass_word',
];

function makeString(next: () => number): string {
  let text = '';
  const length = Math.floor(next() * 12);
  for (let index = 0; index < length; index += 1) {
    text += PIECES[Math.floor(next() * PIECES.length)];
  }
  return text;
}

function makeValue(next: () => number, depth: number): unknown {
  const pick = next();
  if (depth > 36 || pick < 0.35) {
    return makeString(next);
  }
  if (pick < 0.45) {
    return [Math.floor(next() * 1000), true, false, null, undefined, 1.5, -0][
      Math.floor(next() * 7)
    ];
  }
  if (pick < 0.5) {
    return new Error(makeString(next));
  }
  // Deep chains now and then, so the depth cut-off is crossed.
  const width = next() < 0.2 ? 1 : Math.floor(next() * 4);
  if (pick < 0.7) {
    return Array.from({ length: width }, () => makeValue(next, depth + 1));
  }
  const object: Record<string, unknown> = {};
  for (let index = 0; index < width; index += 1) {
    // defineProperty: a `__proto__` key must be an own member, as JSON.parse makes it.
    Object.defineProperty(object, KEYS[Math.floor(next() * KEYS.length)], {
      value: makeValue(next, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return object;
}

const same = (actual: unknown, expected: unknown): void => {
  expect(actual).toStrictEqual(expected);
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
};

describe('redaction fast paths against the previous implementation', () => {
  it('should redact URL userinfo exactly as the bare regex does for every generated string', () => {
    const next = random(1);
    for (let run = 0; run < 20000; run += 1) {
      const text = makeString(next);
      expect(redactUrlCredentials(text)).toBe(legacyUrl(text));
    }
    expect(redactUrlCredentials('see HTTPS://bob:pw@host and x://a@b')).toBe(
      'see HTTPS://***@host and x://***@b',
    );
  });

  it('should redact every generated value exactly as the previous redact did', () => {
    const next = random(2);
    for (let run = 0; run < 5000; run += 1) {
      const value = makeValue(next, 0);
      same(redact(value), legacyRedact(value));
    }
  });

  it('should format every generated log object exactly as the previous formatter did', () => {
    const format = pinoOptions('info').formatters!.log!;
    const next = random(3);
    for (let run = 0; run < 5000; run += 1) {
      const fields = makeValue(next, 30);
      const object =
        typeof fields === 'object' && fields !== null && !Array.isArray(fields)
          ? fields
          : { msg: fields };
      if (object instanceof Error) {
        continue;
      }
      same(
        format(object as Record<string, unknown>),
        legacyRedactFields(object as Record<string, unknown>),
      );
    }
  });

  it('should still redact a secret key deep inside a field and userinfo in any string when the fast paths apply', () => {
    const format = pinoOptions('info').formatters!.log!;
    expect(
      format({ a: { b: [{ c: { my_token: 'x' } }] }, u: 'ftp://u:p@h', n: 3, t: 'plain' }),
    ).toEqual({
      a: { b: [{ c: { my_token: REDACTED } }] },
      u: 'ftp://***@h',
      n: 3,
      t: 'plain',
    });
    expect(format({ Authorization: 'Bearer x', pass: 'keep' })).toEqual({
      Authorization: REDACTED,
      pass: 'keep',
    });
  });
});
