import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Addresses a repository host may not resolve to unless allowlisted (finding 18 of issue 11):
 * "this" network, loopback, private, shared (CGNAT), link-local, benchmarking, multicast and
 * reserved ranges, the IPv6 equivalents, and IPv4 embedded in IPv6 (mapped, compatible, NAT64,
 * 6to4) when the embedded address is one of those.
 */
const BLOCKED = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  BLOCKED.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
  ['100::', 64],
] as const) {
  BLOCKED.addSubnet(network, prefix, 'ipv6');
}

/** `true` when `address` (an IPv4 or IPv6 literal) is internal by the table above. */
export function isInternalAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) {
    return BLOCKED.check(address, 'ipv4');
  }
  if (family !== 6) {
    return true;
  }
  const hextets = expandIpv6(address);
  if (hextets === null) {
    return true;
  }
  const embedded = embeddedIpv4(hextets);
  if (embedded !== null && BLOCKED.check(embedded, 'ipv4')) {
    return true;
  }
  return BLOCKED.check(address, 'ipv6');
}

/**
 * Every address `host` resolves to (getaddrinfo, the resolver git and curl use: integer, hex and
 * octal IPv4 spellings such as `2130706433` or `0x7f.1` resolve as the C library reads them).
 * @returns `null` when the name does not resolve within `timeoutMs`
 */
export async function resolveHost(host: string, timeoutMs = 5000): Promise<string[] | null> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), timeoutMs);
  });
  try {
    const found = lookup(host, { all: true, verbatim: true }).then(
      (addresses) => addresses.map((entry) => entry.address),
      () => null,
    );
    return await Promise.race([found, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function expandIpv6(address: string): number[] | null {
  let text = address.toLowerCase().replace(/%.*$/, '');
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted !== null) {
    const parts = dotted[1].split('.').map(Number);
    if (parts.some((part) => part > 255)) {
      return null;
    }
    const [a = 0, b = 0, c = 0, d = 0] = parts;
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? left.length !== 8 : missing < 1) {
    return null;
  }
  const all = [...left, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...right];
  const values = all.map((part) => Number.parseInt(part, 16));
  return values.length === 8 && values.every((value) => value >= 0 && value <= 0xffff)
    ? values
    : null;
}

/** IPv4 inside IPv6: `::ffff:a.b.c.d`, `::a.b.c.d`, `64:ff9b::a.b.c.d`, `2002:aabb:ccdd::`. */
function embeddedIpv4(h: number[]): string | null {
  const quad = (high: number, low: number): string =>
    [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
  const zeroes = (from: number, to: number): boolean =>
    h.slice(from, to).every((value) => value === 0);
  if (zeroes(0, 5) && (h[5] === 0xffff || h[5] === 0)) {
    return quad(h[6], h[7]);
  }
  if (h[0] === 0x64 && h[1] === 0xff9b && zeroes(2, 6)) {
    return quad(h[6], h[7]);
  }
  if (h[0] === 0x2002) {
    return quad(h[1], h[2]);
  }
  return null;
}

/** Where a network remote points, as far as the host check is concerned. */
export type RemoteHostVerdict =
  | { kind: 'allowed' }
  | { kind: 'internal'; host: string }
  | { kind: 'unresolved'; host: string }
  | { kind: 'unparsable' };

interface RemoteTarget {
  scheme: string;
  host: string;
  port: string;
  path: string;
}

// scheme://[userinfo@]host[:port][/path]; host may be a bracketed IPv6 literal.
const URL_PARTS =
  /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)(?::(\d*))?([/?#].*)?$/i;
// git's scp-like syntax: [user@]host:path, the `:` before any `/`.
const SCP_PARTS = /^(?:[^@/]*@)?(\[[^\]]*\]|[^:/]*):(.*)$/;

/**
 * Finding 18 of issue 11 for a network URL (`https`, `http`, `ssh`, `git`, scp-like): `allowed`
 * when a URL entry of `allowlist` covers it (same scheme, host and port, path under the entry's
 * path, no dot segments) or every address its host resolves to is public; `internal` for
 * `localhost`, `*.localhost` and hosts resolving to any internal address ({@link isInternalAddress}).
 */
export async function classifyRemoteHost(
  url: string,
  allowlist: readonly string[],
  resolve: (host: string) => Promise<string[] | null> = resolveHost,
): Promise<RemoteHostVerdict> {
  const target = remoteTarget(url);
  if (target === null) {
    return { kind: 'unparsable' };
  }
  if (allowlist.some((entry) => urlEntryCovers(entry, target))) {
    return { kind: 'allowed' };
  }
  const host = target.host.replace(/^\[|\]$/g, '');
  if (host === '' || /(^|\.)localhost\.?$/i.test(host)) {
    return { kind: 'internal', host };
  }
  const addresses = await resolve(host);
  if (addresses === null || addresses.length === 0) {
    return { kind: 'unresolved', host };
  }
  return addresses.some(isInternalAddress) ? { kind: 'internal', host } : { kind: 'allowed' };
}

function remoteTarget(url: string): RemoteTarget | null {
  const match = URL_PARTS.exec(url);
  if (match !== null) {
    return {
      scheme: match[1].toLowerCase(),
      host: match[2].toLowerCase(),
      port: match[3] ?? '',
      path: match[4] ?? '/',
    };
  }
  const scp = url.includes('://') ? null : SCP_PARTS.exec(url);
  if (scp === null) {
    return null;
  }
  const path = scp[2];
  return {
    scheme: 'ssh',
    host: scp[1].toLowerCase(),
    port: '',
    path: path.startsWith('/') ? path : `/${path}`,
  };
}

function urlEntryCovers(entry: string, target: RemoteTarget): boolean {
  const parsed = entry.startsWith('/') ? null : remoteTarget(entry);
  if (parsed === null || /(^|\/)\.\.?(\/|$)/.test(target.path)) {
    return false;
  }
  if (
    parsed.scheme !== target.scheme ||
    parsed.host !== target.host ||
    parsed.port !== target.port
  ) {
    return false;
  }
  const prefix = parsed.path.endsWith('/') ? parsed.path : `${parsed.path}/`;
  return parsed.path === '/' || target.path === parsed.path || target.path.startsWith(prefix);
}
