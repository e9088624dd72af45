import { randomFillSync } from 'node:crypto';

export const SESSION_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

// 64 bits of CSPRNG output per id, taken from a pool refilled by one randomFillSync every
// POOL_IDS ids: a randomBytes call per id cost ~6.5 µs, a pool slice is far cheaper. Each slice is
// used once and never handed out, so ids stay as unpredictable as before.
const ID_BYTES = 8;
const POOL_IDS = 512;
const pool = Buffer.alloc(ID_BYTES * POOL_IDS);
let next = pool.length;

/** 16 lowercase hex characters (64 random bits), the suffix of every generated id. */
export function randomIdSuffix(): string {
  if (next >= pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  const suffix = pool.toString('hex', next, next + ID_BYTES);
  next += ID_BYTES;
  return suffix;
}

export function generateId(prefix: 'session' | 'inv' | 'artifact' | 'approval'): string {
  return `${prefix}-${randomIdSuffix()}`;
}
