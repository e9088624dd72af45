// The userinfo part of URL-like text: `scheme://user:pass@host`, `//user@host`.
const USERINFO = /(\/\/)[^/@\s]+@/g;
const FIRST_USERINFO = /\/\/([^/@\s]+)@/;

/**
 * Replaces URL userinfo with `***` (CATALOG.md 3.11). The userinfo of the given endpoints is also
 * removed where it appears without its URL, so a client error quoting `user:pass@host` leaks nothing.
 */
export function redactCredentials(text: string, endpoints: readonly string[] = []): string {
  let redacted = text;
  for (const endpoint of endpoints) {
    for (const item of endpoint.split(',')) {
      const userinfo = FIRST_USERINFO.exec(item)?.[1];
      if (userinfo !== undefined) {
        redacted = redacted.split(`${userinfo}@`).join('***@');
      }
    }
  }
  return redacted.replace(USERINFO, '$1***@');
}
