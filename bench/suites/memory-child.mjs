// Child process of the memory suite (so RSS is this workload's alone): N in-process invocations
// through Fastify's inject with the memory store, a 2 s invocation TTL and a 1 s sweeper.
import { InvocationStore } from '../../dist/libs/stores/src/index.js';
import { injectInvocations } from '../lib/inject-invocations.mjs';
import { startService } from '../lib/service.mjs';

const total = Number(process.argv[2] ?? 100_000);
const concurrency = 16;
const sampleEvery = total / 20;

const service = await startService({
  env: { INVOCATION_STORE_TTL_SECONDS: '2', WORKSPACE_SESSION_SWEEP_INTERVAL_SECONDS: '1' },
  fileBytes: 64,
});
const store = service.app.get(InvocationStore);
const samples = [];
let failures = 0;
const started = Date.now();

function onResponse(response, done) {
  if (response.statusCode !== 200) {
    failures += 1;
  }
  if (done % sampleEvery === 0) {
    globalThis.gc?.();
    const { rss, heapUsed } = process.memoryUsage();
    samples.push({
      invocations: done,
      rssMiB: rss / 2 ** 20,
      heapMiB: heapUsed / 2 ** 20,
      records: store.records?.size ?? null,
    });
  }
}

try {
  await injectInvocations(service, { total, concurrency, onResponse });
} finally {
  await service.close();
}
process.stdout.write(
  `${JSON.stringify({ total, failures, seconds: (Date.now() - started) / 1000, samples })}\n`,
);
