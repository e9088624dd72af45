const SECRET_KEY = /token|password|secret|authorization/i;
const USERINFO = /([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi;

export const REDACTED = '[REDACTED]';

/**
 * API.md 11.4: every member whose key contains token/password/secret/authorization is replaced, at
 * every level; URLs lose their userinfo.
 */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 32) {
    return '[TRUNCATED]';
  }
  if (typeof value === 'string') {
    return redactUrlCredentials(value);
  }
  if (Array.isArray(value)) {
    return value.map((item) => redact(item, depth + 1));
  }
  if (value !== null && typeof value === 'object') {
    if (value instanceof Error) {
      return { name: value.name, message: redactUrlCredentials(value.message) };
    }
    const result: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      result[key] = redactMember(key, member, depth + 1);
    }
    return result;
  }
  return value;
}

/**
 * What {@link redact} makes of the member `key: member` of an object at depth `depth - 1`: the
 * key rule first, then the value one level down. Lets a caller redact one field without wrapping it
 * in an object (the log formatter, once per field of every line).
 */
export function redactMember(key: string, member: unknown, depth: number): unknown {
  return SECRET_KEY.test(key) ? REDACTED : redact(member, depth);
}

export function redactUrlCredentials(text: string): string {
  // Every match holds a literal "://" and, after it, an "@": a string lacking either is returned
  // as is without running the regex (most log strings: ids, times, tool names).
  const scheme = text.indexOf('://');
  if (scheme === -1 || text.indexOf('@', scheme + 3) === -1) {
    return text;
  }
  return text.replace(USERINFO, '$1***@');
}
