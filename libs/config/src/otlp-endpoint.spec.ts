import { deriveTracesEndpoint, isOtlpEndpoint } from './otlp-endpoint.js';

describe('OTLP endpoint', () => {
  it.each(['collector:4318', '[fd00::1]:4318', 'http://c', 'https://c.example:443/v1/traces'])(
    'should accept %j when it is host:port or an http(s) URL',
    (value) => {
      expect(isOtlpEndpoint(value)).toBe(true);
    },
  );

  it.each(['collector', 'grpc://c:4317', 'http://', 'c:99999', 'fd00::1:4318'])(
    'should reject %j when it is neither host:port nor an http(s) URL',
    (value) => {
      expect(isOtlpEndpoint(value)).toBe(false);
    },
  );

  it('should use https when a host:port endpoint is not insecure', () => {
    expect(deriveTracesEndpoint('c:4318', false)).toBe('https://c:4318/v1/traces');
  });

  it('should ignore insecure when the endpoint has a scheme', () => {
    expect(deriveTracesEndpoint('https://c:4318', true)).toBe('https://c:4318/v1/traces');
  });

  it('should keep the URL exactly when it has a path', () => {
    expect(deriveTracesEndpoint('http://c:4318/otlp/v1/traces?tenant=a', true)).toBe(
      'http://c:4318/otlp/v1/traces?tenant=a',
    );
  });
});
