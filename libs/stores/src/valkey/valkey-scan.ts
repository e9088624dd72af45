import type { Redis } from 'ioredis';

const SCAN_PAGE = 1000;
// Bounds one count to about a million keys, so a metrics pass cannot run away on a huge keyspace.
const MAX_ROUNDS = 1000;

/** Counts the keys starting with `prefix` using cursor `SCAN` (never the blocking `KEYS`). */
export async function countKeys(client: Redis, prefix: string): Promise<number> {
  const match = `${escapeGlob(prefix)}*`;
  let cursor = '0';
  // SCAN may return a key twice while the table rehashes; a set counts it once.
  const seen = new Set<string>();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const [next, keys] = await client.scan(cursor, 'MATCH', match, 'COUNT', SCAN_PAGE);
    for (const key of keys) {
      seen.add(key);
    }
    cursor = next;
    if (cursor === '0') {
      break;
    }
  }
  return seen.size;
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (char) => `\\${char}`);
}
