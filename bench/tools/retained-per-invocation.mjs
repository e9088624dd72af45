// Memory kept per finished invocation by the embedded defaults (memory stores, default TTL): N
// in-process fs.read_file invocations through Fastify's inject, then the growth of heap, external
// (Buffers' backing stores) and RSS after a full GC, divided by N. Run with --expose-gc:
// `node --expose-gc bench/tools/retained-per-invocation.mjs [N=20000]` (docs/PERFORMANCE.md).
import { startService } from '../lib/service.mjs';

if (typeof globalThis.gc !== 'function') {
  throw new Error('run with node --expose-gc');
}
const total = Number(process.argv[2] ?? 20_000);
const concurrency = 16;
const service = await startService();
const fastify = service.app.getHttpAdapter().getInstance();
const url = new URL(service.invokeUrl).pathname;
const payload = JSON.stringify({ args: { path: 'bench.txt' } });
let issued = 0;

async function worker() {
  while (issued < total) {
    issued += 1;
    const response = await fastify.inject({
      method: 'POST',
      url,
      payload,
      headers: { 'content-type': 'application/json' },
    });
    if (response.statusCode !== 200) {
      throw new Error(`invoke answered ${response.statusCode}: ${response.body.slice(0, 300)}`);
    }
  }
}

try {
  globalThis.gc();
  const before = process.memoryUsage();
  await Promise.all(Array.from({ length: concurrency }, worker));
  globalThis.gc();
  const after = process.memoryUsage();
  const per = (key) => Math.round((after[key] - before[key]) / total);
  process.stdout.write(
    `${total} invocations kept, per invocation: heap ${per('heapUsed')} B, external ${per('external')} B ` +
      `(array buffers ${per('arrayBuffers')} B), RSS ${per('rss')} B\n`,
  );
} finally {
  await service.close();
}
