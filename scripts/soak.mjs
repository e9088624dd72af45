// npm run test:soak: mixed load at a fixed rate against a spawned service (issue #8). Samples the
// service's RSS and open descriptors every SOAK_SAMPLE_SECONDS and fails when either grows more than
// SOAK_MAX_GROWTH_PERCENT between the end of the warm-up and the end of the run, or when any request
// answers 5xx or not at all. Not part of `npm test`.
//
// SOAK_SECONDS (600), SOAK_RATE requests/s (40), SOAK_SAMPLE_SECONDS (10), SOAK_WARMUP_SECONDS
// (30, capped at half the run), SOAK_MAX_GROWTH_PERCENT (10).
//
// Memory stores with a 20 s invocation TTL and a 5 s sweep: the service reaches a steady state of
// records, so growth after the warm-up is a leak, not data the service is asked to keep.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const seconds = Number(process.env.SOAK_SECONDS ?? 600);
const rate = Number(process.env.SOAK_RATE ?? 40);
const sampleSeconds = Number(process.env.SOAK_SAMPLE_SECONDS ?? 10);
const warmupSeconds = Math.min(
  Number(process.env.SOAK_WARMUP_SECONDS ?? 30),
  Math.floor(seconds / 2),
);
const maxGrowth = Number(process.env.SOAK_MAX_GROWTH_PERCENT ?? 10) / 100;
const MAX_IN_FLIGHT = 200;

const entry = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'dist',
  'apps',
  'workspace-service',
  'src',
  'main.js',
);
const root = mkdtempSync(join(tmpdir(), 'wes-soak-'));
const port = await freePort();
const service = spawn(process.execPath, [entry], {
  env: {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    PORT: String(port),
    WORKSPACE_ROOT: join(root, 'workspaces'),
    ARTIFACT_ROOT: join(root, 'artifacts'),
    LOG_LEVEL: 'error',
    INVOCATION_STORE_TTL_SECONDS: '20',
    WORKSPACE_SESSION_SWEEP_INTERVAL_SECONDS: '5',
  },
  // Audit lines go to stdout whatever the level; discard them so a full pipe never stalls the service.
  stdio: ['ignore', 'ignore', 'pipe'],
});
let serviceStderr = '';
service.stderr.on('data', (chunk) => (serviceStderr += chunk));
let exitedEarly = false;
service.on('exit', () => (exitedEarly = true));

const base = `http://127.0.0.1:${port}`;
const stats = { sent: 0, skipped: 0, byStatus: new Map(), latencies: [], failures: [] };

async function request(method, path, body) {
  const started = performance.now();
  let status = 0;
  let json = {};
  try {
    const response = await fetch(base + path, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    status = response.status;
    const text = await response.text();
    json = text.startsWith('{') ? JSON.parse(text) : {};
  } catch (error) {
    stats.failures.push(`${method} ${path}: ${error.message}`);
  }
  stats.latencies.push(performance.now() - started);
  stats.byStatus.set(status, (stats.byStatus.get(status) ?? 0) + 1);
  if (status >= 500 || status === 0) {
    stats.failures.push(`${method} ${path}: ${status} ${JSON.stringify(json).slice(0, 200)}`);
  }
  return { status, json };
}

const sessions = [];
const invocations = [];
const principal = { tenant_id: 'soak', actor_id: 'runner', roles: ['developer'] };

async function newSession() {
  const created = await request('POST', '/v1/sessions', { principal });
  if (created.status === 201) {
    sessions.push(created.json.session.id);
  }
  // Keep a handful of live sessions: the oldest is closed, so workspaces do not pile up.
  while (sessions.length > 5) {
    await request('DELETE', `/v1/sessions/${sessions.shift()}`);
  }
}

/** One step of the mix, chosen by the tick number. */
async function step(tick) {
  if (sessions.length === 0 || tick % 50 === 0) {
    return newSession();
  }
  const session = sessions[tick % sessions.length];
  const invoke = (tool, body) =>
    request('POST', `/v1/sessions/${session}/tools/${tool}/invoke`, body);
  const remember = (response) => {
    if (response.status === 200) {
      invocations.push(response.json.invocation);
      invocations.splice(0, Math.max(0, invocations.length - 50));
    }
  };
  const recent = invocations[tick % Math.max(1, invocations.length)];
  switch (tick % 10) {
    case 0:
    case 1:
      return remember(
        await invoke('fs.write_file', {
          approved: true,
          args: { path: `soak/${tick % 20}.txt`, content: `tick ${tick}`.repeat(20) },
        }),
      );
    case 2:
      return remember(
        await invoke('fs.read_file', { args: { path: `soak/${(tick - 1) % 20}.txt` } }),
      );
    case 3:
      return remember(await invoke('fs.list', { args: { path: '.', recursive: true } }));
    case 4:
      return remember(await invoke('fs.search', { args: { pattern: 'tick 1', path: '.' } }));
    case 5:
      return recent ? request('GET', `/v1/invocations/${recent.id}`) : request('GET', '/readyz');
    case 6:
      return recent?.artifacts?.[0]
        ? request('GET', recent.artifacts[0].download_path)
        : request('GET', '/healthz');
    case 7:
      return request('GET', `/v1/sessions/${session}/tools`);
    case 8:
      // Expected 4xx answers are part of the mix.
      return invoke('fs.read_file', { args: { path: '../escape' } });
    default:
      return tick % 20 === 9
        ? request('GET', '/metrics')
        : request('GET', `/v1/invocations/${recent?.id ?? 'inv-0000000000000000'}/logs`);
  }
}

function footprint(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return {
    rss: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024,
    fds: readdirSync(`/proc/${pid}/fd`).length,
  };
}

function percentile(values, p) {
  if (values.length === 0) {
    return 0;
  }
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function waitReady() {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const ready = await fetch(`${base}/readyz`).then(
      (r) => r.status,
      () => 0,
    );
    if (ready === 200) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`service did not become ready:\n${serviceStderr}`);
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port: chosen } = server.address();
      server.close(() => resolve(chosen));
    });
  });
}

let exitCode = 1;
try {
  await waitReady();
  console.log(
    `soak: ${seconds} s at ${rate} req/s, sample every ${sampleSeconds} s, warm-up ${warmupSeconds} s, pid ${service.pid}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), node ${process.version}`,
  );
  const samples = [{ at: 0, ...footprint(service.pid), requests: 0, p50: 0, p99: 0 }];
  const started = Date.now();
  let inFlight = 0;
  let tick = 0;
  const pending = new Set();
  const ticker = setInterval(() => {
    tick += 1;
    if (inFlight >= MAX_IN_FLIGHT) {
      stats.skipped += 1;
      return;
    }
    inFlight += 1;
    stats.sent += 1;
    const work = step(tick).finally(() => {
      inFlight -= 1;
      pending.delete(work);
    });
    pending.add(work);
  }, 1000 / rate);
  await new Promise((resolve) => {
    const sampler = setInterval(() => {
      const at = Math.round((Date.now() - started) / 1000);
      const latencies = stats.latencies.splice(0);
      samples.push({
        at,
        ...footprint(service.pid),
        requests: latencies.length,
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
      });
      if (at >= seconds || exitedEarly) {
        clearInterval(sampler);
        resolve();
      }
    }, sampleSeconds * 1000);
  });
  clearInterval(ticker);
  await Promise.allSettled([...pending]);

  console.log('\n| t (s) | RSS (MiB) | open fds | requests | p50 (ms) | p99 (ms) |');
  console.log('|---:|---:|---:|---:|---:|---:|');
  for (const sample of samples) {
    console.log(
      `| ${sample.at} | ${(sample.rss / 2 ** 20).toFixed(1)} | ${sample.fds} | ${sample.requests} | ${sample.p50.toFixed(1)} | ${sample.p99.toFixed(1)} |`,
    );
  }
  const baseline = samples.find((sample) => sample.at >= warmupSeconds) ?? samples[0];
  const last = samples[samples.length - 1];
  const rssGrowth = last.rss / baseline.rss - 1;
  const fdGrowth = last.fds / baseline.fds - 1;
  console.log(
    `\nafter warm-up (t=${baseline.at} s → t=${last.at} s): RSS ${(rssGrowth * 100).toFixed(1)} %, fds ${(fdGrowth * 100).toFixed(1)} % (limit ${(maxGrowth * 100).toFixed(0)} %)`,
  );
  console.log(
    `requests sent ${stats.sent}, skipped (over ${MAX_IN_FLIGHT} in flight) ${stats.skipped}, statuses ${JSON.stringify(Object.fromEntries(stats.byStatus))}`,
  );
  const problems = [];
  if (exitedEarly) {
    problems.push(`service exited during the run:\n${serviceStderr}`);
  }
  if (rssGrowth > maxGrowth) {
    problems.push(`RSS grew ${(rssGrowth * 100).toFixed(1)} %`);
  }
  if (fdGrowth > maxGrowth) {
    problems.push(`open descriptors grew ${(fdGrowth * 100).toFixed(1)} %`);
  }
  if (stats.failures.length > 0) {
    problems.push(
      `${stats.failures.length} requests failed (5xx or no answer), first: ${stats.failures.slice(0, 3).join(' | ')}`,
    );
  }
  if (problems.length > 0) {
    console.log(`\nSOAK FAILED:\n- ${problems.join('\n- ')}`);
  } else {
    console.log('\nSOAK PASSED');
    exitCode = 0;
  }
} finally {
  service.kill('SIGTERM');
  await new Promise((resolve) => (exitedEarly ? resolve() : service.once('exit', resolve)));
  rmSync(root, { recursive: true, force: true });
}
process.exit(exitCode);
