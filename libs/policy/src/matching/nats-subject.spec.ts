import { hasNatsWildcard, isValidNatsSubject, matchesNatsSubject } from './nats-subject.js';

describe('matchesNatsSubject', () => {
  it('should match when pattern and subject are equal', () => {
    expect(matchesNatsSubject('orders.created', 'orders.created')).toBe(true);
  });

  it('should not match when a literal token differs', () => {
    expect(matchesNatsSubject('orders.created', 'orders.deleted')).toBe(false);
  });

  it.each([
    ['orders.*', 'orders.created', true],
    ['*.created', 'orders.created', true],
    ['orders.*.eu', 'orders.created.eu', true],
    ['orders.*', 'orders', false],
    ['orders.*', 'orders.created.eu', false],
  ])(
    'should apply * as exactly one token when pattern is %s and subject is %s',
    (pattern, subject, expected) => {
      expect(matchesNatsSubject(pattern, subject)).toBe(expected);
    },
  );

  it.each([
    ['orders.>', 'orders.created', true],
    ['orders.>', 'orders.created.eu.west', true],
    ['orders.>', 'orders', false],
    ['>', 'anything.at.all', true],
    ['orders.*.>', 'orders.created.eu', true],
    ['orders.*.>', 'orders.created', false],
  ])(
    'should apply a trailing > as one or more tokens when pattern is %s and subject is %s',
    (pattern, subject, expected) => {
      expect(matchesNatsSubject(pattern, subject)).toBe(expected);
    },
  );

  it('should match nothing when > is not the last token of pattern or subject', () => {
    expect(matchesNatsSubject('orders.>.eu', 'orders.created.eu')).toBe(false);
    expect(matchesNatsSubject('orders.>.eu', 'orders.>.eu')).toBe(false);
    expect(matchesNatsSubject('>', 'orders.>.eu')).toBe(false);
  });

  it('should require equal token counts when the pattern has no >', () => {
    expect(matchesNatsSubject('orders.created', 'orders.created.eu')).toBe(false);
    expect(matchesNatsSubject('orders.created.eu', 'orders.created')).toBe(false);
  });

  it.each([
    ['dev.*', 'dev.>'],
    ['dev.*', 'dev.*.x'],
    ['dev.a', 'dev.*'],
    ['dev.*.x', 'dev.*.>'],
    ['dev.>', 'dev'],
    ['dev.>', '>'],
    ['dev.a.>', 'dev.*.b'],
    ['*.a', '>'],
  ])(
    'should refuse a requested wildcard wider than the pattern when pattern is %s and request is %s',
    (pattern, subject) => {
      expect(matchesNatsSubject(pattern, subject)).toBe(false);
    },
  );

  it.each([
    ['dev.*', 'dev.*'],
    ['dev.>', 'dev.>'],
    ['dev.>', 'dev.*'],
    ['dev.>', 'dev.*.>'],
    ['dev.*.>', 'dev.a.>'],
    ['>', '>'],
    ['*.*', 'dev.*'],
  ])(
    'should admit a requested wildcard inside the pattern when pattern is %s and request is %s',
    (pattern, subject) => {
      expect(matchesNatsSubject(pattern, subject)).toBe(true);
    },
  );

  it.each([
    '',
    '.',
    'dev.',
    '.dev',
    'dev..a',
    'dev. a',
    'dev a',
    'dev.\ta',
    'dev.a*',
    'dev.>x',
    'dev.>.a',
    '>.a',
    'dev.a\u0000',
    'dev.\u007f',
  ])('should treat %j as invalid and match nothing', (subject) => {
    expect(isValidNatsSubject(subject)).toBe(false);
    expect(matchesNatsSubject('>', subject)).toBe(false);
    expect(matchesNatsSubject(subject, subject)).toBe(false);
  });

  it('should report wildcard tokens only', () => {
    expect(hasNatsWildcard('dev.*')).toBe(true);
    expect(hasNatsWildcard('dev.>')).toBe(true);
    expect(hasNatsWildcard('dev.a')).toBe(false);
  });

  // Property: for every pattern P and request R over a small alphabet, P admits R exactly when
  // every concrete subject R matches is matched by P (brute force over concrete subjects one
  // token longer than any pattern, enough to tell a bounded pattern from a trailing `>`).
  it('should agree with the brute-force subset definition on every small pattern pair', () => {
    const subjects = allSubjects(['a', 'b', '*', '>'], 3);
    const concrete = allSubjects(['a', 'b', 'c'], 4);
    const disagreements: string[] = [];
    for (const pattern of subjects) {
      for (const request of subjects) {
        const expected =
          isValidNatsSubject(pattern) &&
          isValidNatsSubject(request) &&
          concrete.every(
            (subject) => !concreteMatch(request, subject) || concreteMatch(pattern, subject),
          );
        if (matchesNatsSubject(pattern, request) !== expected) {
          disagreements.push(`${pattern} ⊇ ${request}: expected ${expected}`);
        }
      }
    }
    expect(disagreements).toEqual([]);
  });
});

function allSubjects(alphabet: string[], maxTokens: number): string[] {
  let level = alphabet.map((token) => [token]);
  const all = [...level];
  for (let length = 2; length <= maxTokens; length += 1) {
    level = level.flatMap((tokens) => alphabet.map((token) => [...tokens, token]));
    all.push(...level);
  }
  return all.map((tokens) => tokens.join('.'));
}

// Reference semantics on a concrete subject (no wildcards in `subject`).
function concreteMatch(pattern: string, subject: string): boolean {
  const patternTokens = pattern.split('.');
  const subjectTokens = subject.split('.');
  const walk = (p: number, s: number): boolean => {
    if (p === patternTokens.length) {
      return s === subjectTokens.length;
    }
    const token = patternTokens[p];
    if (token === '>') {
      return p === patternTokens.length - 1 && s < subjectTokens.length;
    }
    return (
      s < subjectTokens.length &&
      (token === '*' || token === subjectTokens[s]) &&
      walk(p + 1, s + 1)
    );
  };
  return walk(0, 0);
}
