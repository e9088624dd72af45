// Counts the thread-pool requests (async fs calls) one fs.read_file invocation submits, by async
// resource type, through the whole pipeline (memory stores): a number that does not depend on the
// machine's load, unlike req/s. `node bench/tools/count-thread-pool.mjs [invocations=50]`
import { createHook } from 'node:async_hooks';
import { postJson, startService } from '../lib/service.mjs';

const INVOCATIONS = Number(process.argv[2] ?? 50);
// fs requests on the thread pool (callback, promise and FileHandle close forms), zlib, dns. Crypto
// jobs are left out: synchronous `randomBytes` creates the same resource without leaving the thread.
const POOL_TYPES = /^(FSREQ|FILEHANDLE|STATWATCHER|ZLIB|GETADDRINFO)/;

const service = await startService({ parent: process.env.COUNT_PARENT });
for (let i = 0; i < 5; i += 1) await postJson(service.invokeUrl, { args: { path: 'bench.txt' } });

const counts = new Map();
let counting = false;
const hook = createHook({
  init(_id, type) {
    if (counting && POOL_TYPES.test(type)) counts.set(type, (counts.get(type) ?? 0) + 1);
  },
}).enable();
counting = true;
for (let i = 0; i < INVOCATIONS; i += 1) {
  const { status } = await postJson(service.invokeUrl, { args: { path: 'bench.txt' } });
  if (status !== 200) throw new Error(`status ${status}`);
}
counting = false;
hook.disable();
await service.close();

const total = [...counts.values()].reduce((a, b) => a + b, 0);
const per = (n) => (n / INVOCATIONS).toFixed(2);
console.log(`${INVOCATIONS} invocations: ${per(total)} thread-pool requests per invocation`);
for (const [type, n] of [...counts.entries()].sort((a, b) => b[1] - a[1]))
  console.log(`  ${type} ${per(n)}`);
