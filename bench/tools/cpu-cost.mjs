// CPU cost per request (user+system µs of this process, thread pool included) of the service's
// fs.read_file invoke and of the bare route, over a fixed number of requests. Less sensitive to the
// other load of a shared machine than req/s; used to A/B code changes (docs/PERFORMANCE.md).
// CPU_COST_COMPARE=valkey compares the service with Valkey stores (CPU_COST_VALKEY_ADDR, default
// 127.0.0.1:6379; this process's CPU only, not the Valkey server's) against memory stores instead.
import autocannon from 'autocannon';
import { startBaseline } from '../lib/baseline.mjs';
import { REQUEST_BODY } from '../lib/load.mjs';
import { startService } from '../lib/service.mjs';
import { median } from '../lib/stats.mjs';

const amount = Number(process.env.CPU_COST_REQUESTS ?? 4000);
const rounds = Number(process.env.CPU_COST_ROUNDS ?? 3);

async function cost(url) {
  const options = {
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: REQUEST_BODY,
    connections: 16,
  };
  const before = process.cpuUsage();
  const beforeMain = process.threadCpuUsage();
  const start = process.hrtime.bigint();
  const result = await autocannon({ ...options, amount });
  const cpu = process.cpuUsage(before);
  const main = process.threadCpuUsage(beforeMain);
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  return {
    cpuUs: (cpu.user + cpu.system) / amount,
    mainUs: (main.user + main.system) / amount,
    wallUs: (wallMs * 1000) / amount,
    non2xx: result.non2xx,
  };
}

const valkeyMode = process.env.CPU_COST_COMPARE === 'valkey';
const prefix = `wes-cpu-cost-${process.pid}`;
const valkeyEnv = {
  INVOCATION_STORE_BACKEND: 'valkey',
  SESSION_STORE_BACKEND: 'valkey',
  VALKEY_ADDR: process.env.CPU_COST_VALKEY_ADDR ?? '127.0.0.1:6379',
  INVOCATION_STORE_KEY_PREFIX: `${prefix}:invocation`,
  SESSION_STORE_KEY_PREFIX: `${prefix}:session`,
  // Short-lived keys: this tool does not clean up after itself.
  INVOCATION_STORE_TTL_SECONDS: '120',
};
const service = await startService({
  parent: process.env.CPU_COST_PARENT,
  ...(valkeyMode ? { env: valkeyEnv } : {}),
});
const bare = valkeyMode
  ? await startService({ parent: process.env.CPU_COST_PARENT }).then((memory) => ({
      url: memory.invokeUrl,
      close: () => memory.close(),
    }))
  : await startBaseline(service.filePath);
try {
  await cost(service.invokeUrl);
  await cost(bare.url);
  const s = [];
  const b = [];
  for (let round = 0; round < rounds; round += 1) {
    s.push(await cost(service.invokeUrl));
    b.push(await cost(bare.url));
  }
  const fmt = (list, key) => median(list.map((r) => r[key])).toFixed(0);
  process.stdout.write(
    `${valkeyMode ? 'valkey stores' : 'service'}: ${fmt(s, 'cpuUs')} µs CPU/req (main thread ${fmt(s, 'mainUs')}), ${fmt(s, 'wallUs')} µs wall/req | ${valkeyMode ? 'memory stores' : 'bare'}: ${fmt(b, 'cpuUs')} µs CPU/req (main thread ${fmt(b, 'mainUs')}), ${fmt(b, 'wallUs')} µs wall/req | cpu ratio ${(median(s.map((r) => r.cpuUs)) / median(b.map((r) => r.cpuUs))).toFixed(2)}\n`,
  );
} finally {
  await bare.close();
  await service.close();
}
