import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ValkeyConnection } from '#app/stores';

/**
 * One test run's share of the local Redis and disk: both stores on Valkey under key prefixes no
 * other run uses, and workspace/artifact roots in a fresh temp dir, so app instances started with
 * `env` behave like replicas (or a restart) of one service.
 */
export interface ValkeyRun {
  /** Key prefix of this run; every key the stores write starts with `${run}:`. */
  readonly run: string;
  /** Temp dir holding the shared workspace and artifact roots. */
  readonly shared: string;
  readonly env: Record<string, string>;
}

export const valkeyRun = (
  runPrefix: string,
  dirPrefix: string,
  extra: Record<string, string> = {},
): ValkeyRun => {
  const run = `${runPrefix}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const shared = mkdtempSync(join(tmpdir(), dirPrefix));
  const env = {
    INVOCATION_STORE_BACKEND: 'valkey',
    SESSION_STORE_BACKEND: 'valkey',
    VALKEY_ADDR: '127.0.0.1:6379',
    INVOCATION_STORE_KEY_PREFIX: `${run}:invocation`,
    SESSION_STORE_KEY_PREFIX: `${run}:session`,
    WORKSPACE_ROOT: join(shared, 'workspaces'),
    ARTIFACT_ROOT: join(shared, 'artifacts'),
    ...extra,
    LOG_LEVEL: 'error',
  };
  return { run, shared, env };
};

/** Deletes every key of the run (SCAN, not KEYS, so a busy Redis is not blocked) and its dir. */
export const removeValkeyRun = async (redis: ValkeyConnection, { run, shared }: ValkeyRun) => {
  let cursor = '0';
  do {
    const [next, keys] = await redis.client.scan(cursor, 'MATCH', `${run}:*`, 'COUNT', 1000);
    if (keys.length > 0) {
      await redis.client.del(...keys);
    }
    cursor = next;
  } while (cursor !== '0');
  rmSync(shared, { recursive: true, force: true });
};
