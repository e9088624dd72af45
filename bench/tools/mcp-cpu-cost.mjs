// CPU cost per call of the server processes of the `mcp` suite: the built service answering MCP
// `tools/call fs.read_file` (Streamable HTTP, SDK client), the same service answering the REST invoke,
// and the MCP reference filesystem server (stdio). Counted from /proc/<pid>/stat (user+system of the
// whole server process, every thread), so it is far less sensitive to the other load of a shared
// machine than calls/s; the client side (this process) is printed too. Linux only.
//
//   node bench/tools/mcp-cpu-cost.mjs                  # MCP_CPU_CALLS=3000 MCP_CPU_ROUNDS=3
//   MCP_CPU_PROFILE=/tmp/prof node bench/tools/mcp-cpu-cost.mjs   # + a --cpu-prof of the service
import { readFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { BENCH_FILE } from '../lib/service.mjs';
import { median } from '../lib/stats.mjs';
import { FILE_BYTES, MCP_IN_FLIGHT, REFERENCE_SERVER, spawnService } from '../suites/mcp.mjs';

const calls = Number(process.env.MCP_CPU_CALLS ?? 3000);
const rounds = Number(process.env.MCP_CPU_ROUNDS ?? 3);
const profileDir = process.env.MCP_CPU_PROFILE;
const only = (process.env.MCP_CPU_ONLY ?? 'mcp,rest,reference').split(',');

/** user+system CPU seconds of a process, every thread (fields 14 and 15 of /proc/<pid>/stat). */
function processCpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // clock ticks: USER_HZ is 100 on Linux
}

async function run(call, amount) {
  let next = 0;
  let failures = 0;
  const worker = async () => {
    while (next < amount) {
      next += 1;
      if (!(await call().catch(() => false))) {
        failures += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: MCP_IN_FLIGHT }, worker));
  return failures;
}

async function cost(pid, call) {
  const server = processCpuSeconds(pid);
  const client = process.cpuUsage();
  const failures = await run(call, calls);
  const clientCpu = process.cpuUsage(client);
  return {
    serverUs: ((processCpuSeconds(pid) - server) * 1e6) / calls,
    clientUs: (clientCpu.user + clientCpu.system) / calls,
    failures,
  };
}

const service = await spawnService({
  nodeArgs: profileDir
    ? ['--cpu-prof', '--cpu-prof-interval', '200', `--cpu-prof-dir=${profileDir}`]
    : [],
});
const ours = new Client({ name: 'wes-bench', version: '1' });
const referenceTransport = new StdioClientTransport({
  command: process.execPath,
  args: [REFERENCE_SERVER, service.session.workspace_path],
  stderr: 'ignore',
});
const reference = new Client({ name: 'wes-bench', version: '1' });
try {
  await ours.connect(
    new StreamableHTTPClientTransport(
      new URL(`${service.baseUrl}/v1/sessions/${service.session.id}/mcp`),
    ),
  );
  await reference.connect(referenceTransport);
  const invokeUrl = `${service.baseUrl}/v1/sessions/${service.session.id}/tools/fs.read_file/invoke`;
  const restBody = JSON.stringify({ args: { path: BENCH_FILE } });
  const sides = {
    mcp: {
      pid: service.pid,
      call: async () => {
        const answer = await ours.callTool({
          name: 'fs.read_file',
          arguments: { path: BENCH_FILE },
        });
        return !answer.isError && answer.structuredContent?.content?.length === FILE_BYTES;
      },
    },
    rest: {
      pid: service.pid,
      call: async () => {
        const response = await fetch(invokeUrl, { method: 'POST', body: restBody });
        const body = await response.json();
        return response.status === 200 && body.invocation?.output?.content?.length === FILE_BYTES;
      },
    },
    reference: {
      pid: referenceTransport.pid,
      call: async () => {
        const answer = await reference.callTool({
          name: 'read_text_file',
          arguments: { path: service.filePath },
        });
        return !answer.isError && answer.structuredContent?.content?.length === FILE_BYTES;
      },
    },
  };
  const chosen = only.filter((name) => name in sides);
  const results = Object.fromEntries(chosen.map((name) => [name, []]));
  for (const name of chosen) {
    await run(sides[name].call, Math.min(calls, 1000)); // warm-up (JIT, caches)
  }
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? chosen : [...chosen].reverse();
    for (const name of order) {
      results[name].push(await cost(sides[name].pid, sides[name].call));
    }
  }
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  process.stdout.write(
    `${calls} calls x ${rounds} rounds, ${MCP_IN_FLIGHT} in flight; load ${load}\n`,
  );
  for (const name of chosen) {
    const list = results[name];
    const server = list.map((r) => r.serverUs);
    const failures = list.reduce((sum, r) => sum + r.failures, 0);
    process.stdout.write(
      `${name.padEnd(10)} server ${median(server).toFixed(0)} µs CPU/call (${Math.min(...server).toFixed(0)}–${Math.max(...server).toFixed(0)})` +
        `, client ${median(list.map((r) => r.clientUs)).toFixed(0)} µs${failures ? `, ${failures} FAILED` : ''}\n`,
    );
  }
} finally {
  await Promise.allSettled([ours.close(), reference.close()]);
  await service.close();
}
