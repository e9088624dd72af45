import { createHash } from 'node:crypto';

/** CATALOG.md 18: `sim-` + the first 12 hex of SHA-256(`<session id>|<image_ref>|<command joined with spaces>|<name>`). */
export function syntheticContainerId(
  sessionId: string,
  imageRef: string,
  command: readonly string[],
  name: string,
): string {
  const hash = createHash('sha256')
    .update(`${sessionId}|${imageRef}|${command.join(' ')}|${name}`, 'utf8')
    .digest('hex');
  return `sim-${hash.slice(0, 12)}`;
}
