// (h) MCP tools/call of fs.read_file (1 KiB, 64 calls in flight) through this service's Streamable
// HTTP endpoint (API.md 5.24: session lookup, full invoke pipeline, record, audit) vs the MCP
// reference filesystem server (@modelcontextprotocol/server-filesystem) reading the same file with
// read_text_file. The reference server speaks stdio only, so each side is driven through its natural
// transport by the same official SDK Client: Streamable HTTP for the service (JSON responses: the
// bench client declares no elicitation, API.md 5.24), a child process's pipes for
// the reference. The ratio therefore prices the transport as well as the governance; a third
// server, bench/lib/mcp-minimal-server.mjs (Streamable HTTP, no governance at all), shows what any
// server over that transport reaches with the same client. Every server runs as its own child
// process (the built service: dist/, memory stores, local workspaces), so none shares its event
// loop with the load generator.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { result } from '../lib/result.mjs';
import { BENCH_FILE, createSession } from '../lib/service.mjs';
import { median, percentile, spread } from '../lib/stats.mjs';

export const MCP_IN_FLIGHT = 64;
export const FILE_BYTES = 1024;
export const REFERENCE_SERVER = join(
  'node_modules',
  '@modelcontextprotocol',
  'server-filesystem',
  'dist',
  'index.js',
);

export async function mcpSuite(settings, log) {
  const service = await spawnService();
  const minimal = await spawnMinimalServer();
  const ours = new Client({ name: 'wes-bench', version: '1' });
  const reference = new Client({ name: 'wes-bench', version: '1' });
  const ungoverned = new Client({ name: 'wes-bench', version: '1' });
  try {
    await ours.connect(
      new StreamableHTTPClientTransport(
        new URL(`${service.baseUrl}/v1/sessions/${service.session.id}/mcp`),
      ),
    );
    await reference.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [REFERENCE_SERVER, service.session.workspace_path],
        stderr: 'ignore',
      }),
    );
    await ungoverned.connect(new StreamableHTTPClientTransport(new URL(`${minimal.baseUrl}/mcp`)));
    const callOurs = async () => {
      const answer = await ours.callTool({ name: 'fs.read_file', arguments: { path: BENCH_FILE } });
      return !answer.isError && answer.structuredContent?.content?.length === FILE_BYTES;
    };
    const callReference = async () => {
      const answer = await reference.callTool({
        name: 'read_text_file',
        arguments: { path: service.filePath },
      });
      return !answer.isError && answer.structuredContent?.content?.length === FILE_BYTES;
    };
    // Diagnostic: what no governance at all reaches over Streamable HTTP with the same client.
    const callMinimal = async () => {
      const answer = await ungoverned.callTool({
        name: 'read_text_file',
        arguments: { path: service.filePath },
      });
      return !answer.isError && answer.structuredContent?.content?.length === FILE_BYTES;
    };
    // Diagnostic: the REST invoke of the same call on the same service, to separate what MCP costs
    // from what the pipeline costs.
    const invokeUrl = `${service.baseUrl}/v1/sessions/${service.session.id}/tools/fs.read_file/invoke`;
    const restBody = JSON.stringify({ args: { path: BENCH_FILE } });
    const callRest = async () => {
      const response = await fetch(invokeUrl, { method: 'POST', body: restBody });
      const body = await response.json();
      return response.status === 200 && body.invocation?.output?.content?.length === FILE_BYTES;
    };
    const probes = [callOurs, callReference, callRest, callMinimal];
    if (!(await Promise.all(probes.map((probe) => probe()))).every(Boolean)) {
      throw new Error('mcp: probe call failed on one side');
    }
    log(`mcp: ${MCP_IN_FLIGHT} calls in flight, ${settings.rounds} rounds`);
    const a = [];
    const b = [];
    const c = [];
    const d = [];
    for (let round = 0; round < settings.rounds; round += 1) {
      const timing = {
        warmupSeconds: round === 0 ? settings.warmupSeconds : 0.5,
        durationSeconds: settings.durationSeconds,
      };
      // Interleaved, alternating the order, so background load hits every side.
      const sides = [
        [a, callOurs],
        [b, callReference],
        [c, callRest],
        [d, callMinimal],
      ];
      for (const [runs, call] of round % 2 === 0 ? sides : sides.reverse()) {
        runs.push(await measureCalls(call, timing));
      }
    }
    return [
      ...rows(a, b, 'tools/call fs.read_file 1 KiB vs reference filesystem server (stdio)', {
        baselineLabel: 'server-filesystem',
        target: 1.0,
        withP99: true,
        note: 'each side through its own transport (Streamable HTTP vs stdio)',
      }),
      ...rows(a, c, 'tools/call fs.read_file 1 KiB vs REST invoke, same service (diagnostic)', {
        baselineLabel: 'REST',
        // The bench's own bar: MCP should cost at most twice the plain invoke.
        target: 0.5,
        note: 'MCP (Streamable HTTP, JSON responses, SDK client) vs plain JSON over HTTP (fetch)',
      }),
      ...rows(
        d,
        b,
        'ceiling: minimal Streamable HTTP server, no governance, vs reference filesystem server (stdio) (diagnostic)',
        {
          baselineLabel: 'server-filesystem',
          target: 1.0,
          note: 'bench/lib/mcp-minimal-server.mjs: node:http, reads the file, nothing else; same SDK client',
        },
      ),
    ];
  } finally {
    await Promise.allSettled([ours.close(), reference.close(), ungoverned.close()]);
    await Promise.allSettled([service.close(), minimal.close()]);
  }
}

/**
 * The built service in its own process, one session holding a FILE_BYTES `bench.txt`.
 * `nodeArgs` go before the entry point (e.g. `--cpu-prof` for bench/tools/mcp-cpu-cost.mjs).
 */
export async function spawnService({ nodeArgs = [] } = {}) {
  const root = await mkdtemp(join(tmpdir(), 'wes-bench-mcp-'));
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, 'dist/apps/workspace-service/src/main.js'], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(port),
      LOG_LEVEL: 'error',
      WORKSPACE_ROOT: join(root, 'workspaces'),
      ARTIFACT_ROOT: join(root, 'artifacts'),
    },
    // The audit lines go to stdout; the bench does not read them.
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitReady(baseUrl);
  const session = await createSession(baseUrl);
  const filePath = join(session.workspace_path, BENCH_FILE);
  await writeFile(filePath, 'x'.repeat(FILE_BYTES));
  return {
    baseUrl,
    session,
    filePath,
    pid: child.pid,
    async close() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      await rm(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
}

/** bench/lib/mcp-minimal-server.mjs in its own process, like the other two servers. */
async function spawnMinimalServer() {
  const port = await freePort();
  const child = spawn(process.execPath, ['bench/lib/mcp-minimal-server.mjs', String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    const exitedEarly = (code) => reject(new Error(`mcp: minimal server exited with ${code}`));
    child.once('error', reject);
    child.once('exit', exitedEarly);
    child.stdout.once('data', () => {
      child.off('exit', exitedEarly);
      resolve();
    });
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    async close() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

async function waitReady(baseUrl) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${baseUrl}/readyz`)).status === 200) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((wait) => setTimeout(wait, 100));
  }
  throw new Error('mcp: the service did not become ready');
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** Keeps MCP_IN_FLIGHT calls outstanding for the duration; latency per call, failures counted. */
async function measureCalls(call, { warmupSeconds, durationSeconds }) {
  await drive(call, warmupSeconds);
  return drive(call, durationSeconds);
}

async function drive(call, seconds) {
  const latencies = [];
  let failures = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const begin = performance.now();
      try {
        if (!(await call())) {
          failures += 1;
        }
      } catch {
        failures += 1;
      }
      latencies.push(performance.now() - begin);
    }
  };
  await Promise.all(Array.from({ length: MCP_IN_FLIGHT }, worker));
  const elapsed = (performance.now() - started) / 1000;
  return {
    callsPerSecond: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    failures,
  };
}

function rows(a, b, label, { baselineLabel, target, withP99 = false, note }) {
  const throughput = spread(a.map((run, i) => run.callsPerSecond / b[i].callsPerSecond));
  const p99 = spread(a.map((run, i) => run.p99 / b[i].p99));
  const summary = (runs) => ({
    callsPerSecond: median(runs.map((run) => run.callsPerSecond)),
    p50: median(runs.map((run) => run.p50)),
    p99: median(runs.map((run) => run.p99)),
    failures: runs.reduce((sum, run) => sum + run.failures, 0),
  });
  const ours = summary(a);
  const reference = summary(b);
  const failures = ours.failures + reference.failures;
  const failureNote = failures > 0 ? `; ${failures} failed calls` : '';
  const name = `${label}, ${MCP_IN_FLIGHT} in flight`;
  const throughputRow = result({
    suite: 'mcp',
    name: `${name}: throughput`,
    value: ours.callsPerSecond,
    baseline: reference.callsPerSecond,
    baselineLabel,
    unit: 'calls/s',
    ratio: throughput.median,
    ratioSpread: throughput,
    target: { cmp: '>=', value: target },
    note: `${note}${failureNote}`,
  });
  if (!withP99) {
    return [throughputRow];
  }
  return [
    throughputRow,
    result({
      suite: 'mcp',
      name: `${name}: p99`,
      value: Math.round(ours.p99 * 10) / 10,
      baseline: Math.round(reference.p99 * 10) / 10,
      baselineLabel,
      unit: 'ms',
      ratio: p99.median,
      ratioSpread: p99,
      target: { cmp: '<=', value: 2.0 },
      note: `p50 ${ours.p50.toFixed(1)} vs ${reference.p50.toFixed(1)} ms${failureNote}`,
    }),
  ];
}
