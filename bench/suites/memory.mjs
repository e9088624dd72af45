// (e) RSS over many invocations with the memory store and TTL eviction running: flat after warm-up.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { result } from '../lib/result.mjs';

const run = promisify(execFile);
const CHILD = fileURLToPath(new URL('./memory-child.mjs', import.meta.url));

export async function memorySuite(settings, log) {
  const total = settings.memoryInvocations;
  log(`memory: ${total} invocations in a child process`);
  const { stdout } = await run(process.execPath, ['--expose-gc', CHILD, String(total)], {
    maxBuffer: 1 << 20,
  });
  const { failures, seconds, samples } = JSON.parse(stdout.trim().split('\n').at(-1));
  // Warm-up: the first 20% (JIT, pools, the first TTL window of records).
  const warm = samples[Math.floor(samples.length / 5) - 1];
  const after = samples.slice(samples.indexOf(warm));
  const peak = Math.max(...after.map((s) => s.rssMiB));
  const last = samples.at(-1);
  return [
    result({
      suite: 'memory',
      name: `RSS over ${total} invocations (TTL 2 s, sweep 1 s): peak after warm-up / at warm-up`,
      value: peak,
      baseline: warm.rssMiB,
      baselineLabel: `RSS at ${warm.invocations}`,
      unit: 'MiB',
      ratio: peak / warm.rssMiB,
      target: { cmp: '<=', value: 1.1 },
      note: `final RSS ${last.rssMiB.toFixed(0)} MiB, heap after GC ${warm.heapMiB.toFixed(1)} → ${last.heapMiB.toFixed(1)} MiB, live records ${last.records}; ${Math.round(total / seconds)} inv/s; ${failures} failures`,
      samples,
    }),
  ];
}
