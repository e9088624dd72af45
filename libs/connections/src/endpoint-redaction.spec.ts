import { redactCredentials } from './endpoint-redaction.js';

describe('redactCredentials', () => {
  it('should replace URL userinfo with *** when the text quotes an endpoint', () => {
    expect(redactCredentials('connect failed amqp://guest:s3cret@rabbit:5672/')).toBe(
      'connect failed amqp://***@rabbit:5672/',
    );
  });

  it('should remove the userinfo of a known endpoint when it appears without its scheme', () => {
    expect(
      redactCredentials('bad auth for guest:s3cret@rabbit', ['amqp://guest:s3cret@rabbit:5672/']),
    ).toBe('bad auth for ***@rabbit');
  });

  it('should leave text without credentials unchanged', () => {
    expect(redactCredentials('connect ECONNREFUSED 127.0.0.1:1', ['nats://127.0.0.1:1'])).toBe(
      'connect ECONNREFUSED 127.0.0.1:1',
    );
  });
});
