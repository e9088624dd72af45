// Turns measurements into the table printed to stdout and the docs/PERFORMANCE.md page.
import { cpus, totalmem } from 'node:os';

export const THROUGHPUT_TARGET = 0.5;
export const P99_TARGET = 2.0;

export function compare(service, bare) {
  const throughputRatio = service.requestsPerSecond / bare.requestsPerSecond;
  // A 0 ms bare p99 (sub-millisecond) would divide by zero; 1 ms is autocannon's resolution.
  const p99Ratio = service.p99 / Math.max(bare.p99, 1);
  return {
    connections: service.connections,
    service,
    bare,
    throughputRatio,
    throughputPass: throughputRatio >= THROUGHPUT_TARGET,
    p99Ratio,
    p99Pass: p99Ratio <= P99_TARGET,
  };
}

export function machine() {
  const cpuList = cpus();
  return {
    cpu: cpuList[0]?.model ?? 'unknown',
    cores: cpuList.length,
    memoryGiB: (totalmem() / 1024 ** 3).toFixed(1),
    node: process.version,
    date: new Date().toISOString(),
  };
}

const fmt = (value, digits = 0) => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const verdict = (pass) => (pass ? 'PASS' : 'MISS');

export function markdownTable(rows) {
  const header = [
    '| Connections | Service req/s | Bare req/s | Throughput ratio (≥ 0.5) | Service p50 / p99 (ms) | Bare p50 / p99 (ms) | p99 ratio (≤ 2.0) | Non-2xx (service / bare) |',
    '|---:|---:|---:|---|---:|---:|---|---:|',
  ];
  const lines = rows.map((row) =>
    [
      row.connections,
      fmt(row.service.requestsPerSecond),
      fmt(row.bare.requestsPerSecond),
      `${fmt(row.throughputRatio, 2)} ${verdict(row.throughputPass)}`,
      `${row.service.p50} / ${row.service.p99}`,
      `${row.bare.p50} / ${row.bare.p99}`,
      `${fmt(row.p99Ratio, 2)} ${verdict(row.p99Pass)}`,
      `${row.service.non2xx + row.service.errors} / ${row.bare.non2xx + row.bare.errors}`,
    ].join(' | '),
  );
  return [...header, ...lines.map((line) => `| ${line} |`)].join('\n');
}

export function problems(rows) {
  const found = [];
  for (const row of rows) {
    for (const [name, result] of [['service', row.service], ['bare', row.bare]]) {
      if (result.non2xx > 0 || result.errors > 0) {
        found.push(`${name} at ${row.connections} connections: ${result.non2xx} non-2xx responses, ${result.errors} errors/timeouts`);
      }
    }
  }
  return found;
}

export function performanceDoc(rows, env, settings) {
  const issues = problems(rows);
  return `# Performance

Measured by \`npm run bench\` (\`bench/run.mjs\`): the full service and a bare Fastify baseline, in the same process
and the same run, on loopback.

- Machine: ${env.cpu}, ${env.cores} cores, ${env.memoryGiB} GiB RAM
- Node: ${env.node}
- Date: ${env.date}
- Command: \`npm run bench\`
- Load: autocannon ${settings.durationSeconds} s per run after a ${settings.warmupSeconds} s warm-up, \`POST\` with body \`{"args":{"path":"bench.txt"}}\`, file of 4 KiB

## Results

Service: \`POST /v1/sessions/<id>/tools/fs.read_file/invoke\`. Bare: a Fastify route that \`fs.promises.readFile\`s the
same file and returns \`{content, size_bytes}\`. Ratios are service / bare.

${markdownTable(rows)}

${issues.length === 0 ? 'All responses were 2xx.' : `**Non-2xx responses or errors were seen:**\n\n${issues.map((issue) => `- ${issue}`).join('\n')}`}

The invoke path runs the full pipeline — session lookup, args schema validation, correlation/record, rate-limit,
policy with real-path containment, handler, output artifact persistence, terminal save, audit line and metrics — which
explains the gap to the bare route.

## Notes

- Every invocation persists an \`invocation-output.json\` artifact under \`ARTIFACT_ROOT\` — a new directory
  \`<invocation id>/\` plus an exclusive-create file write — which the bare route does not do; on top of that, the
  policy's real-path containment adds \`realpath\`/\`lstat\` calls per request. These file-system calls, not
  JavaScript, are the largest fixed cost of the invoke path.
- autocannon runs in the same process as both servers, so the load generator competes with the server for the
  event loop; both targets are measured under the same condition, which keeps the ratios meaningful even though the
  absolute numbers are lower than with a separate load-generating machine.
- Latencies are autocannon's millisecond-resolution percentiles; a bare p99 below 1 ms is counted as 1 ms in the
  ratio.
- Logging was silenced (\`JsonLogger('error', () => {})\`) so log I/O is not part of the measurement; rate limits were
  off (the defaults).
`;
}
