import { endpointHosts, hostMatchesRule, isEndpointAllowed } from './host-allowlist.js';

describe('endpointHosts', () => {
  it('should parse URLs, bare host:port, broker lists and IPv6 literals', () => {
    expect(endpointHosts('nats://user:pw@NATS.Dev:4222')).toEqual(['nats.dev']);
    expect(endpointHosts('kafka-1.dev:9092, kafka-2.dev:9092')).toEqual([
      'kafka-1.dev',
      'kafka-2.dev',
    ]);
    expect(endpointHosts('[::1]:6379')).toEqual(['::1']);
    expect(endpointHosts('redis://[fd00::5]:6379/0')).toEqual(['fd00::5']);
  });

  it('should yield no host when an item does not parse', () => {
    expect(endpointHosts('http://[bad')).toEqual([undefined]);
  });
});

describe('hostMatchesRule', () => {
  it('should match exact host names case-insensitively', () => {
    expect(hostMatchesRule('nats.dev', 'NATS.dev')).toBe(true);
    expect(hostMatchesRule('nats.dev.evil', 'nats.dev')).toBe(false);
  });

  it('should match *.suffix against the suffix itself and any subdomain', () => {
    expect(hostMatchesRule('dev', '*.dev')).toBe(true);
    expect(hostMatchesRule('a.b.dev', '*.dev')).toBe(true);
    expect(hostMatchesRule('evildev', '*.dev')).toBe(false);
  });

  it('should match IP literals inside an IPv4 or IPv6 CIDR and nothing else', () => {
    expect(hostMatchesRule('10.1.2.3', '10.0.0.0/8')).toBe(true);
    expect(hostMatchesRule('11.1.2.3', '10.0.0.0/8')).toBe(false);
    expect(hostMatchesRule('ten.example', '10.0.0.0/8')).toBe(false);
    expect(hostMatchesRule('fd00::5', 'fd00::/8')).toBe(true);
    expect(hostMatchesRule('10.1.2.3', 'fd00::/8')).toBe(false);
    expect(hostMatchesRule('10.1.2.3', '10.0.0.0/99')).toBe(false);
  });
});

describe('isEndpointAllowed', () => {
  it('should require every host of a broker list to match a rule', () => {
    expect(isEndpointAllowed('a.dev:1,b.dev:2', ['*.dev'])).toBe(true);
    expect(isEndpointAllowed('a.dev:1,b.prod:2', ['*.dev'])).toBe(false);
  });

  it('should allow nothing when the profile has no rules', () => {
    expect(isEndpointAllowed('127.0.0.1:6379', [])).toBe(false);
  });
});
