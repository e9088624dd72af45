import { createHash } from 'node:crypto';

/** CATALOG.md 3.12: `sha256:` + SHA-256 of the given text (Dockerfile text or image reference). */
export function syntheticDigest(text: string): string {
  return `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;
}
