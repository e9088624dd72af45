import { REDACTED, redact, redactUrlCredentials } from './redact.js';

describe('redact', () => {
  it('should replace the value of keys containing token, password, secret or authorization in any case', () => {
    const result = redact({
      api_token: 'a',
      PASSWORD: 'b',
      client_secret: 'c',
      authorization: 'd',
      Authorization: 'e',
      name: 'f',
    });
    expect(result).toEqual({
      api_token: REDACTED,
      PASSWORD: REDACTED,
      client_secret: REDACTED,
      authorization: REDACTED,
      Authorization: REDACTED,
      name: 'f',
    });
  });

  it('should redact at every nesting level including inside arrays when secrets are nested', () => {
    const result = redact({
      outer: {
        list: [{ refresh_token: { value: 'x' } }, { keep: 1 }],
        inner: { db_password: 'y' },
      },
    });
    expect(result).toEqual({
      outer: { list: [{ refresh_token: REDACTED }, { keep: 1 }], inner: { db_password: REDACTED } },
    });
  });

  it('should leave the original object untouched when redacting', () => {
    const original = { token: 'x' };
    redact(original);
    expect(original).toEqual({ token: 'x' });
  });

  it('should replace URL userinfo with *** when a string value holds credentials', () => {
    expect(redact({ endpoint: 'redis://user:pa55@cache:6379/0' })).toEqual({
      endpoint: 'redis://***@cache:6379/0',
    });
    expect(redactUrlCredentials('https://example.test/path')).toBe('https://example.test/path');
  });

  it('should keep only the name and redacted message of an Error when an error is logged', () => {
    const error = new Error('nats://bob:pw@broker:4222 unreachable');
    expect(redact({ error })).toEqual({
      error: { name: 'Error', message: 'nats://***@broker:4222 unreachable' },
    });
  });
});

describe('redactUrlCredentials inside longer text', () => {
  it('should hide userinfo of every URL in a message', async () => {
    const { redactUrlCredentials } = await import('./redact.js');
    expect(
      redactUrlCredentials('connect to nats://bob:pw@broker:4222 failed; amqp://u:p@h/ too'),
    ).toBe('connect to nats://***@broker:4222 failed; amqp://***@h/ too');
  });
});
