import { Injectable } from '@nestjs/common';

const METHOD_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
// find-my-way decodes every escape except those of these characters before matching.
const KEPT_ENCODED = new Set(['#', '$', '&', '+', ',', '/', ':', ';', '=', '?', '@']);

interface KnownPath {
  pattern: RegExp;
  methods: Set<string>;
}

/**
 * Tells 405 (known path, wrong verb) from 404 (API.md 1.4). Filled from the routes the server
 * actually registers (`createApp` feeds Fastify's `onRoute` hook into `add`), so it cannot drift
 * from the controllers; matched against the path decoded the way the router decodes it, so a
 * percent-encoded spelling of a known path gets the same 405 as the plain one.
 */
@Injectable()
export class RouteTable {
  private readonly paths = new Map<string, KnownPath>();

  add(method: string | string[], url: string): void {
    const known = this.paths.get(url) ?? { pattern: patternFor(url), methods: new Set<string>() };
    for (const one of Array.isArray(method) ? method : [method]) {
      known.methods.add(one.toUpperCase());
    }
    this.paths.set(url, known);
  }

  /** Every registered path (in the router's `:param` syntax) with its methods, in registration order. */
  registered(): Array<{ path: string; methods: string[] }> {
    return [...this.paths].map(([path, known]) => ({
      path,
      methods: sortedMethods(known.methods),
    }));
  }

  /** The `Allow` header value for a known path, or `null` when no route has that path. */
  allowedMethodsFor(url: string): string | null {
    const path = routerDecoded(url.split('?')[0] ?? '');
    const methods = new Set<string>();
    for (const known of this.paths.values()) {
      if (known.pattern.test(path)) {
        known.methods.forEach((method) => methods.add(method));
      }
    }
    if (methods.size === 0) {
      return null;
    }
    return sortedMethods(methods).join(', ');
  }
}

function patternFor(url: string): RegExp {
  const source = url
    .split('/')
    .map((segment) =>
      segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^${source}$`);
}

function routerDecoded(path: string): string {
  return path.replace(/%([0-9a-fA-F]{2})/g, (escape, hex: string) => {
    const character = String.fromCharCode(parseInt(hex, 16));
    return KEPT_ENCODED.has(character) || parseInt(hex, 16) > 0x7f ? escape : character;
  });
}

function sortedMethods(methods: Set<string>): string[] {
  return [...methods].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

function rank(method: string): number {
  const index = METHOD_ORDER.indexOf(method);
  return index === -1 ? METHOD_ORDER.length : index;
}
