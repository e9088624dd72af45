import { matchesNatsSubject } from './nats-subject.js';

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

  it('should treat > as a literal token when it is not the last pattern token', () => {
    expect(matchesNatsSubject('orders.>.eu', 'orders.created.eu')).toBe(false);
    expect(matchesNatsSubject('orders.>.eu', 'orders.>.eu')).toBe(true);
  });

  it('should require equal token counts when the pattern has no >', () => {
    expect(matchesNatsSubject('orders.created', 'orders.created.eu')).toBe(false);
    expect(matchesNatsSubject('orders.created.eu', 'orders.created')).toBe(false);
  });
});
