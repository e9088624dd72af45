import { randomBytes } from 'node:crypto';

export const SESSION_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function generateId(prefix: 'session' | 'inv' | 'artifact' | 'approval'): string {
  return `${prefix}-${randomBytes(8).toString('hex')}`;
}
