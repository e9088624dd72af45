const MAX_SEGMENT_LENGTH = 64;

/**
 * Tenant path segment for local workspace paths (API.md 8.1): characters outside
 * `[A-Za-z0-9._-]` become `-`, leading `.` characters are removed, the result is cut to 64
 * characters; empty → `unknown`.
 */
export function sanitisePathSegment(value: string): string {
  // The `u` flag makes a character outside the BMP one `-`, not two.
  const segment = value
    .replace(/[^A-Za-z0-9._-]/gu, '-')
    .replace(/^\.+/, '')
    .slice(0, MAX_SEGMENT_LENGTH);
  return segment === '' ? 'unknown' : segment;
}
