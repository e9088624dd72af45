import { BlockList, isIP } from 'node:net';

/**
 * The hosts of an endpoint (CATALOG.md 3.11 step 4): URL parsing, a bare `host:port` read as
 * `//host:port`, every host of a comma-separated broker list. Lowercased, IPv6 without brackets.
 * An item that does not parse yields no host, so it can never match a rule.
 */
export function endpointHosts(endpoint: string): Array<string | undefined> {
  return endpoint
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map(hostOf);
}

/** True when every host of the endpoint matches one of the rules; no rules match nothing. */
export function isEndpointAllowed(endpoint: string, rules: readonly string[]): boolean {
  const hosts = endpointHosts(endpoint);
  return (
    hosts.length > 0 &&
    hosts.every((host) => host !== undefined && rules.some((rule) => hostMatchesRule(host, rule)))
  );
}

/**
 * CONFIG.md 2.7 rules: an IPv4/IPv6 CIDR matches IP-literal hosts in the range; `*.suffix`
 * matches `suffix` itself and any subdomain; anything else is an exact, case-insensitive host.
 */
export function hostMatchesRule(host: string, rule: string): boolean {
  const normalisedHost = host.toLowerCase();
  const normalisedRule = rule.trim().toLowerCase();
  if (normalisedRule === '') {
    return false;
  }
  if (normalisedRule.includes('/')) {
    return matchesCidr(normalisedHost, normalisedRule);
  }
  if (normalisedRule.startsWith('*.')) {
    const suffix = normalisedRule.slice(2);
    return normalisedHost === suffix || normalisedHost.endsWith(`.${suffix}`);
  }
  return normalisedHost === normalisedRule;
}

function hostOf(item: string): string | undefined {
  try {
    // A scheme-less item gets a neutral scheme so that `host:port` parses as authority.
    const url = new URL(item.includes('://') ? item : `tcp://${item}`);
    const host = url.hostname.toLowerCase();
    const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
    return bare === '' ? undefined : bare;
  } catch {
    return undefined;
  }
}

function matchesCidr(host: string, rule: string): boolean {
  const [network = '', prefixText = ''] = rule.split('/');
  const family = isIP(network);
  const prefix = Number(prefixText);
  if (family === 0 || isIP(host) !== family || !/^\d+$/.test(prefixText)) {
    return false;
  }
  if (prefix > (family === 4 ? 32 : 128)) {
    return false;
  }
  const list = new BlockList();
  const type = family === 4 ? 'ipv4' : 'ipv6';
  list.addSubnet(network, prefix, type);
  return list.check(host, type);
}
