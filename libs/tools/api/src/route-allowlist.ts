import { RE2JS } from 're2js';
import { type ConnectionProfile, inScope } from '#app/connections';
import { AppException } from '#app/errors';
import { routePath } from './benchmark-request.js';

/**
 * CATALOG.md 10 route patterns: `*`; an exact path; `regex:<RE2>` (whole-path match); a glob
 * where `*` matches any characters; a pattern ending `/` as a prefix. Routes are matched against
 * the path without its query string, after one percent-decoding (the query is still sent).
 */
export function matchesRoute(pattern: string, path: string): boolean {
  if (pattern === '*' || pattern === path) {
    return true;
  }
  if (pattern.startsWith('regex:')) {
    try {
      return RE2JS.compile(pattern.slice('regex:'.length)).matches(path);
    } catch {
      // A pattern that does not compile matches nothing (fail closed).
      return false;
    }
  }
  if (pattern.includes('*')) {
    return globMatches(pattern, path);
  }
  return pattern.endsWith('/') && path.startsWith(pattern);
}

/**
 * @throws AppException `policy_denied` `route outside profile allowlist`
 */
export function assertRouteAllowed(profile: ConnectionProfile, path: string): void {
  // Matched against the decoded path (what the server routes on), never the raw text.
  const decoded = routePath(path);
  if (!inScope(profile, 'routes', decoded, matchesRoute)) {
    throw new AppException('policy_denied', 'route outside profile allowlist');
  }
}

// Linear-time glob: the literal pieces must appear in order, the first and last anchored.
function globMatches(pattern: string, value: string): boolean {
  const pieces = pattern.split('*');
  const first = pieces[0] ?? '';
  const last = pieces[pieces.length - 1] ?? '';
  if (
    !value.startsWith(first) ||
    value.length < first.length + last.length ||
    !value.endsWith(last)
  ) {
    return false;
  }
  let position = first.length;
  const end = value.length - last.length;
  for (const piece of pieces.slice(1, -1)) {
    const found = value.indexOf(piece, position);
    if (found === -1 || found + piece.length > end) {
      return false;
    }
    position = found + piece.length;
  }
  return true;
}
