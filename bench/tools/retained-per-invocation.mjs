// Memory kept per finished invocation by the embedded defaults (memory stores, default TTL): N
// in-process fs.read_file invocations through Fastify's inject, then the growth of heap, external
// (Buffers' backing stores) and RSS after a full GC, divided by N. Run with --expose-gc:
// `node --expose-gc bench/tools/retained-per-invocation.mjs [N=20000]` (docs/PERFORMANCE.md).
import { injectInvocations } from '../lib/inject-invocations.mjs';
import { startService } from '../lib/service.mjs';

if (typeof globalThis.gc !== 'function') {
  throw new Error('run with node --expose-gc');
}
const total = Number(process.argv[2] ?? 20_000);

// Buffers' backing stores are freed by a sweeper that runs after the collection: collect, let it
// run, collect again, so `external` counts what is still referenced.
async function settledMemory() {
  for (let pass = 0; pass < 3; pass += 1) {
    globalThis.gc();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return process.memoryUsage();
}
const service = await startService();
try {
  const before = await settledMemory();
  await injectInvocations(service, {
    total,
    concurrency: 16,
    onResponse(response) {
      if (response.statusCode !== 200) {
        throw new Error(`invoke answered ${response.statusCode}: ${response.body.slice(0, 300)}`);
      }
    },
  });
  const after = await settledMemory();
  const per = (key) => Math.round((after[key] - before[key]) / total);
  process.stdout.write(
    `${total} invocations kept, per invocation: heap ${per('heapUsed')} B, external ${per('external')} B ` +
      `(array buffers ${per('arrayBuffers')} B), RSS ${per('rss')} B\n`,
  );
} finally {
  await service.close();
}
