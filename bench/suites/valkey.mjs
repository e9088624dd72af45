// (b) the same fs.read_file load with Valkey session and invocation stores vs the memory stores.
import { createConnection } from 'node:net';
import Redis from 'ioredis';
import { compareLoads } from '../lib/compare-loads.mjs';
import { skipped } from '../lib/result.mjs';
import { startService } from '../lib/service.mjs';
import { CONNECTIONS, loadResults } from './read.mjs';

const ADDR = process.env.BENCH_VALKEY_ADDR ?? '127.0.0.1:6379';

export async function valkeySuite(settings, log) {
  const [host, port] = [
    ADDR.slice(0, ADDR.lastIndexOf(':')),
    Number(ADDR.slice(ADDR.lastIndexOf(':') + 1)),
  ];
  if (!(await reachable(host, port))) {
    return [
      skipped('valkey', 'fs.read_file with Valkey stores', `Valkey not reachable at ${ADDR}`),
    ];
  }
  const prefix = `wes-bench-${process.pid}-${Date.now()}`;
  const env = {
    INVOCATION_STORE_BACKEND: 'valkey',
    SESSION_STORE_BACKEND: 'valkey',
    VALKEY_ADDR: ADDR,
    INVOCATION_STORE_KEY_PREFIX: `${prefix}:invocation`,
    SESSION_STORE_KEY_PREFIX: `${prefix}:session`,
  };
  const results = [];
  const memory = await startService();
  let valkey;
  try {
    valkey = await startService({ env });
    for (const connections of CONNECTIONS) {
      log(`valkey: ${connections} connection(s), ${settings.rounds} rounds`);
      const run = await compareLoads(valkey.invokeUrl, memory.invokeUrl, connections, settings);
      results.push(
        ...loadResults('valkey', `Valkey vs memory stores, ${connections} conn`, run, 'memory', {
          throughput: 0.85,
        }),
      );
    }
  } finally {
    await valkey?.close();
    await memory.close();
    log(`valkey: removed ${await removeKeys(host, port, prefix)} keys under ${prefix}:*`);
  }
  return results;
}

async function removeKeys(host, port, prefix) {
  const client = new Redis({ host, port, lazyConnect: true, maxRetriesPerRequest: 1 });
  await client.connect();
  let removed = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) {
        removed += await client.unlink(...keys);
      }
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
  return removed;
}

function reachable(host, port) {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port, timeout: 1000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
