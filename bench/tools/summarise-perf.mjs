// Summarises `perf script` output of a profile.mjs run recorded with Linux perf, which samples every
// thread (V8's GC helpers included) and charges system calls correctly, unlike --cpu-prof:
//   perf record -F 1999 -g -o /tmp/p.data -- node --perf-basic-prof bench/tools/profile.mjs
//   perf script -i /tmp/p.data > /tmp/p.txt
//   node bench/tools/summarise-perf.mjs /tmp/p.txt <req/s printed by profile.mjs> [seconds=10] [hz=1999]
// Prints CPU µs per request by thread and GC phase, then by package (innermost JavaScript frame),
// over the load window (the last `seconds` before the last sample, less 0.3 s at each end).
import { readFileSync } from 'node:fs';

const [file, rate, seconds = '10', hz = '1999'] = process.argv.slice(2);
if (!file || !rate) {
  throw new Error('usage: summarise-perf.mjs <perf script output> <req/s> [seconds] [hz]');
}

const samples = [];
for (const block of readFileSync(file, 'utf8').split('\n\n')) {
  const [head, ...frames] = block.trim().split('\n');
  const match = /^\s*(\S+)\s+\d+\s+([\d.]+):/.exec(head ?? '');
  if (match && frames.length > 0) {
    samples.push({ thread: match[1], at: Number(match[2]), frames });
  }
}
const end = Math.max(...samples.map((sample) => sample.at));
const inWindow = samples.filter((s) => s.at > end - Number(seconds) - 0.3 && s.at < end - 0.3);
const usPerSample = 1e6 / Number(hz) / (Number(rate) * (Number(seconds) - 0.3));

function gcPhase(stack) {
  if (stack.includes('ConcurrentMarking')) return 'major GC marking';
  if (stack.includes('Scaveng')) return 'scavenge';
  if (stack.includes('Sweep')) return 'sweep';
  if (/MarkCompact|IncrementalMarking|MarkingBarrier/.test(stack)) return 'major GC (main thread)';
  return null;
}

function packageOf(frames) {
  const js = frames.find((frame) => frame.includes('JS:'));
  if (!js) {
    return gcPhase(frames.join(' ')) ? 'native: GC' : 'native: other';
  }
  const where =
    /node_modules\/((@[^/]+\/)?[^/]+)|dist\/(libs\/[^/]+|apps)|node:((?:internal\/)?[a-z_]+)|bench\//.exec(
      js,
    );
  if (!where) return 'other JavaScript';
  return where[1] ?? where[3] ?? (where[4] ? `node:${where[4]}` : 'bench (load generator)');
}

function table(title, keyOf) {
  const counts = new Map();
  for (const sample of inWindow) {
    const key = keyOf(sample);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  process.stdout.write(`\n${title} (µs per request)\n`);
  for (const [key, count] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
    process.stdout.write(`${(count * usPerSample).toFixed(1).padStart(8)}  ${key}\n`);
  }
}

table('by thread and GC phase', ({ thread, frames }) => {
  const phase = gcPhase(frames.join(' '));
  return `${thread}: ${phase ?? (thread === 'MainThread' ? 'JavaScript and native' : 'other (optimising compiler, …)')}`;
});
table('main thread by package (innermost JavaScript frame)', ({ thread, frames }) =>
  thread === 'MainThread' ? packageOf(frames) : `thread ${thread}`,
);
