import {
  isCidr,
  isDnsSubdomain,
  isHostName,
  parseHostPort,
  parseInteger,
  splitList,
} from './env-value.parsers.js';

describe('env value parsers', () => {
  it.each([
    ['0', 0],
    ['-0', 0],
    ['-1', -1],
    ['0042', 42],
  ])('should parse %j as %d when it is a plain integer', (raw, expected) => {
    expect(parseInteger(raw)).toBe(expected);
  });

  it.each(['+1', '1.0', '1e3', '', '-', '1 000', '٣'])(
    'should refuse %j when it is not a plain integer',
    (raw) => {
      expect(parseInteger(raw)).toBeUndefined();
    },
  );

  it('should trim items and drop empty ones when splitting a list', () => {
    expect(splitList(' /a , ,/b,, ')).toEqual(['/a', '/b']);
  });

  it.each([
    ['valkey:6379', { host: 'valkey', port: 6379 }],
    ['10.0.0.5:1', { host: '10.0.0.5', port: 1 }],
    ['[::1]:65535', { host: '::1', port: 65535 }],
  ])('should split %j when it is host:port', (raw, expected) => {
    expect(parseHostPort(raw)).toEqual(expected);
  });

  it.each(['::1:6379', 'valkey:65536', 'valkey:', 'va lkey:6379', '[::1]6379'])(
    'should refuse %j when it is not host:port',
    (raw) => {
      expect(parseHostPort(raw)).toBeUndefined();
    },
  );

  it.each(['10.0.0.0/8', '0.0.0.0/0', '192.168.1.1/32', '::/0', 'fd00::/128'])(
    'should accept %j when it is a CIDR',
    (raw) => {
      expect(isCidr(raw)).toBe(true);
    },
  );

  it.each([
    '10.0.0.0/33',
    '10.0.0.0/-1',
    '10.0.0/8',
    'fd00::/129',
    '10.0.0.0',
    'dev/8',
    '10.0.0.0/',
  ])('should refuse %j when it is not a CIDR', (raw) => {
    expect(isCidr(raw)).toBe(false);
  });

  it('should accept host names and IP literals when they are well formed', () => {
    expect(
      ['valkey', 'a.b-c.example', 'svc_1.local.', '10.1.2.3', 'fd00::1'].every(isHostName),
    ).toBe(true);
    expect(['', 'a b', '-a', 'a..b', 'a:b'].some(isHostName)).toBe(false);
  });

  it('should accept a DNS subdomain only when every label is lowercase', () => {
    expect(isDnsSubdomain('git-creds.team-a')).toBe(true);
    expect(isDnsSubdomain('Git-Creds')).toBe(false);
    expect(isDnsSubdomain('a..b')).toBe(false);
  });
});
