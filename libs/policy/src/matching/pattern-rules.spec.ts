import { matchesPattern } from './pattern-rules.js';

describe('matchesPattern', () => {
  it('should match anything when the pattern is * (rule 1)', () => {
    expect(matchesPattern('*', 'prod.orders')).toBe(true);
  });

  it('should match when the pattern equals the value (rule 2)', () => {
    expect(matchesPattern('orders', 'orders')).toBe(true);
    expect(matchesPattern('orders', 'orders-v2')).toBe(false);
  });

  it('should match values under the prefix when the pattern ends in .> (rule 3)', () => {
    expect(matchesPattern('dev.>', 'dev.orders')).toBe(true);
    expect(matchesPattern('dev.>', 'dev.orders.eu')).toBe(true);
    expect(matchesPattern('dev.>', 'devx.orders')).toBe(false);
    expect(matchesPattern('dev.>', 'prod.orders')).toBe(false);
  });

  it('should match prefix and suffix around a single * (rule 4)', () => {
    expect(matchesPattern('team-*-queue', 'team-a-queue')).toBe(true);
    expect(matchesPattern('team-*', 'team-payments')).toBe(true);
    expect(matchesPattern('*-staging', 'orders-staging')).toBe(true);
    expect(matchesPattern('team-*-queue', 'team-a-topic')).toBe(false);
    expect(matchesPattern('team-*', 'other-payments')).toBe(false);
  });

  it('should not match with a single * when the value is shorter than both parts together (rule 4)', () => {
    expect(matchesPattern('ab*ba', 'aba')).toBe(false);
    expect(matchesPattern('ab*ba', 'abba')).toBe(true);
  });

  it('should not treat a pattern with two * as a wildcard', () => {
    expect(matchesPattern('a*b*c', 'axbxc')).toBe(false);
  });

  it.each([
    ['sandbox.', 'sandbox.orders', true],
    ['cache:', 'cache:users', true],
    ['ghcr.io/acme/', 'ghcr.io/acme/api:1.0', true],
    ['sandbox.', 'prod.orders', false],
    ['ghcr.io/acme/', 'ghcr.io/other/api', false],
  ])(
    'should match as a prefix when the pattern %s ends in . : or / (rule 5)',
    (pattern, value, expected) => {
      expect(matchesPattern(pattern, value)).toBe(expected);
    },
  );

  it('should not match as a prefix when the pattern has no trailing separator (rule 6)', () => {
    expect(matchesPattern('sandbox', 'sandbox.orders')).toBe(false);
  });
});
