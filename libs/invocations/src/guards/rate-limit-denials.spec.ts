import { RATE_LIMIT_DENIALS, rateLimited, retryAfterFor } from './rate-limit-denials.js';

// 15 s into a UTC minute.
const NOW = Date.parse('2030-01-01T00:00:15.000Z');

describe('rate limit denials', () => {
  it('should announce the seconds to the next minute for a window denial', () => {
    const error = rateLimited(RATE_LIMIT_DENIALS.sessionWindow, NOW);

    expect(error.toBody()).toEqual({
      code: 'rate_limited',
      message: 'session invocation rate limit exceeded',
      retryable: true,
    });
    expect(error.headers).toEqual({ 'Retry-After': '45' });
  });

  it('should announce one second for the concurrency denial', () => {
    expect(rateLimited(RATE_LIMIT_DENIALS.sessionConcurrency, NOW).headers).toEqual({
      'Retry-After': '1',
    });
  });

  it('should wait at least one second at a minute boundary', () => {
    expect(
      rateLimited(RATE_LIMIT_DENIALS.principalWindow, Date.parse('2030-01-01T00:00:59.900Z'))
        .headers['Retry-After'],
    ).toBe('1');
  });

  it('should give a replayed denial the wait of its own rule, and nothing to other errors', () => {
    const concurrency = rateLimited(RATE_LIMIT_DENIALS.sessionConcurrency, NOW).toBody();
    const window = rateLimited(RATE_LIMIT_DENIALS.principalWindow, NOW).toBody();

    expect(retryAfterFor(concurrency, NOW)).toEqual({ 'Retry-After': '1' });
    expect(retryAfterFor(window, NOW)).toEqual({ 'Retry-After': '45' });
    expect(retryAfterFor({ code: 'policy_denied', message: 'no', retryable: false }, NOW)).toEqual(
      {},
    );
  });
});
