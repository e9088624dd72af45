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
      result[key] = SECRET_KEY.test(key) ? REDACTED : redact(member, depth + 1);
    }
    return result;
  }
  return value;
}

export function redactUrlCredentials(text: string): string {
  return text.replace(USERINFO, '$1***@');
}
