// Summarises a .cpuprofile: self time by function and by file/package, idle and GC share.
import { readFileSync } from 'node:fs';

const profile = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const top = Number(process.argv[3] ?? 40);
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfSamples = new Map();
for (const id of profile.samples) {
  selfSamples.set(id, (selfSamples.get(id) ?? 0) + 1);
}
const total = profile.samples.length;
const byFunction = new Map();
const byFile = new Map();
for (const [id, count] of selfSamples) {
  const { callFrame } = byId.get(id);
  const url = callFrame.url.replace(/^file:\/\/\/work\/main\//, '');
  const fn = `${callFrame.functionName || '(anonymous)'} ${url}:${callFrame.lineNumber + 1}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + count);
  const file = url.startsWith('node_modules/')
    ? url
        .split('/')
        .slice(0, url.split('/')[1].startsWith('@') ? 3 : 2)
        .join('/')
    : url || `(${callFrame.functionName})`;
  byFile.set(file, (byFile.get(file) ?? 0) + count);
}
const print = (title, map) => {
  process.stdout.write(`\n## ${title}\n`);
  for (const [name, count] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    process.stdout.write(`${((count / total) * 100).toFixed(1).padStart(5)}%  ${name}\n`);
  }
};
process.stdout.write(`samples: ${total}\n`);
print('self time by file/package', byFile);
print('self time by function', byFunction);

// Inclusive time: every sample counts once for each distinct function on its stack.
const parent = new Map();
for (const node of profile.nodes) {
  for (const child of node.children ?? []) {
    parent.set(child, node.id);
  }
}
const inclusive = new Map();
for (const [id, count] of selfSamples) {
  const seen = new Set();
  for (let current = id; current !== undefined; current = parent.get(current)) {
    const { callFrame } = byId.get(current);
    const url = callFrame.url.replace(/^file:\/\/\/work\/main\//, '');
    if (
      !url.startsWith('dist/') &&
      !url.startsWith('node_modules/@nestjs') &&
      !url.startsWith('node_modules/fastify')
    ) {
      continue;
    }
    const fn = `${callFrame.functionName || '(anonymous)'} ${url}:${callFrame.lineNumber + 1}`;
    if (!seen.has(fn)) {
      seen.add(fn);
      inclusive.set(fn, (inclusive.get(fn) ?? 0) + count);
    }
  }
}
print('inclusive time (service code, Nest, Fastify)', inclusive);
