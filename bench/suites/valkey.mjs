// (b) the same fs.read_file load with Valkey session and invocation stores vs the memory stores.
import { createConnection } from 'node:net';
import Redis from 'ioredis';
import { compareLoads } from '../lib/compare-loads.mjs';
import { result, skipped } from '../lib/result.mjs';
import { startService } from '../lib/service.mjs';
import { median } from '../lib/stats.mjs';
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
      if (connections === 1) {
        results.push(await oneRoundTripCeiling(host, port, run.b.requestsPerSecond));
      }
    }
  } finally {
    await valkey?.close();
    await memory.close();
    log(`valkey: removed ${await removeKeys(host, port, prefix)} keys under ${prefix}:*`);
  }
  return results;
}

/**
 * What the 1-connection row could reach at best: the memory-store request plus a single awaited
 * round trip to Valkey, the least any networked store needs (a record must be stored before the
 * answer, docs/STORES.md). Measured as sequential PINGs from this process, which is the service's.
 */
async function oneRoundTripCeiling(host, port, memoryRequestsPerSecond) {
  const roundTrips = await withClient(host, port, async (client) => {
    const micros = [];
    for (let i = 0; i < 3000; i += 1) {
      const start = process.hrtime.bigint();
      await client.ping();
      micros.push(Number(process.hrtime.bigint() - start) / 1000);
    }
    return micros;
  });
  const roundTripMicros = median(roundTrips.slice(500));
  const memoryMicros = 1e6 / memoryRequestsPerSecond;
  const ceiling = 1e6 / (memoryMicros + roundTripMicros);
  return result({
    suite: 'valkey',
    name: 'Valkey vs memory stores, 1 conn: ceiling with one awaited round trip (diagnostic)',
    value: ceiling,
    baseline: memoryRequestsPerSecond,
    baselineLabel: 'memory',
    unit: 'req/s',
    ratio: ceiling / memoryRequestsPerSecond,
    target: { cmp: '>=', value: 0.85 },
    note: `memory-store request ${Math.round(memoryMicros)} µs + one Valkey round trip ${Math.round(roundTripMicros)} µs (p50 of 2,500 sequential PINGs from the service's process); an invocation needs at least one`,
  });
}

function removeKeys(host, port, prefix) {
  return withClient(host, port, async (client) => {
    let removed = 0;
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) {
        removed += await client.unlink(...keys);
      }
    } while (cursor !== '0');
    return removed;
  });
}

/** A connected ioredis client of the bench's own, for `use` only. */
async function withClient(host, port, use) {
  const client = new Redis({ host, port, lazyConnect: true, maxRetriesPerRequest: 1 });
  await client.connect();
  try {
    return await use(client);
  } finally {
    client.disconnect();
  }
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
