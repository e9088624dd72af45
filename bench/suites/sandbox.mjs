// (f) sandbox overhead: `true` through the bubblewrap runner (offline, as a tool's command runs) vs
// the plain runner on the host, both from dist/, interleaved; SKIP when bwrap cannot run here.
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BubblewrapCommandRunner } from '../../dist/libs/workspace/src/local/bubblewrap-command-runner.js';
import { LocalCommandRunner } from '../../dist/libs/workspace/src/local/local-command-runner.js';
import { SandboxLayout } from '../../dist/libs/workspace/src/local/sandbox-layout.js';
import { SandboxNetwork } from '../../dist/libs/workspace/src/local/sandbox-network.js';
import { result, skipped } from '../lib/result.mjs';
import { median, spread, timed } from '../lib/stats.mjs';

const RUNS_PER_ROUND = 20;
const CLOCK_TICK_MS = 10; // USER_HZ = 100 on Linux

/**
 * CPU milliseconds of this process (the runner's JavaScript, spawn) plus its reaped children
 * (bwrap, the sandbox's init, the program: `cutime` + `cstime` of /proc/self/stat, 10 ms ticks).
 * Far less sensitive to other machines' load than wall time.
 */
function cpuMs() {
  const { user, system } = process.cpuUsage();
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const children = (Number(fields[13]) + Number(fields[14])) * CLOCK_TICK_MS;
  return (user + system) / 1000 + children;
}

export async function sandboxSuite(settings, log) {
  const base = await mkdtemp(join(tmpdir(), 'wes-bench-sandbox-'));
  const workspace = join(base, 'repo');
  await mkdir(workspace);
  const plain = new LocalCommandRunner({ serviceEnv: process.env });
  const layout = new SandboxLayout({
    hiddenPaths: [base, process.cwd()],
    searchPath: (process.env.PATH ?? '').split(':'),
  });
  const network = new SandboxNetwork({
    slirp4netns: 'slirp4netns',
    nsenter: 'nsenter',
    ip: 'ip',
    unshare: 'unshare',
  });
  const sandboxed = new BubblewrapCommandRunner(plain, { layout, network, bwrap: 'bwrap' });
  const request = {
    command: 'true',
    args: [],
    cwd: workspace,
    workspaceRoot: workspace,
    timeoutMs: 30_000,
  };
  try {
    const probe = await sandboxed.run(request).catch((error) => error);
    if (!(probe?.exit_code === 0)) {
      const reason = probe instanceof Error ? probe.message : `exit ${probe?.exit_code}`;
      return [
        skipped(
          'sandbox',
          '`true` through the bubblewrap sandbox vs direct',
          `bwrap unusable here: ${reason}`,
        ),
      ];
    }
    log(
      `sandbox: \`true\` sandboxed vs direct, ${settings.rounds} rounds × ${RUNS_PER_ROUND} runs`,
    );
    const sandboxMs = [];
    const directMs = [];
    const differences = [];
    const cpu = { sandboxed: 0, direct: 0, runs: 0 };
    for (let round = 0; round < settings.rounds; round += 1) {
      const roundSandbox = [];
      const roundDirect = [];
      for (let i = 0; i < RUNS_PER_ROUND; i += 1) {
        // Alternating within the round as well: a load spike hits both sides alike.
        const sides = (round + i) % 2 === 0 ? [sandboxed, plain] : [plain, sandboxed];
        for (const runner of sides) {
          const cpuBefore = cpuMs();
          const { ms, value } = await timed(() => runner.run(request));
          cpu[runner === plain ? 'direct' : 'sandboxed'] += cpuMs() - cpuBefore;
          if (value.exit_code !== 0) {
            throw new Error(`true exited ${value.exit_code}: ${value.start_error ?? value.output}`);
          }
          (runner === plain ? roundDirect : roundSandbox).push(ms);
        }
      }
      sandboxMs.push(...roundSandbox);
      directMs.push(...roundDirect);
      differences.push(median(roundSandbox) - median(roundDirect));
      cpu.runs += RUNS_PER_ROUND;
    }
    const diff = spread(differences);
    return [
      result({
        suite: 'sandbox',
        name: '`true` through the bubblewrap sandbox vs direct: added latency (median of round medians)',
        value: diff.median,
        unit: 'ms',
        target: { cmp: '<=', value: 15 },
        note: `sandboxed p50 ${median(sandboxMs).toFixed(1)} ms vs direct ${median(directMs).toFixed(1)} ms; per-round difference ${diff.min.toFixed(1)}–${diff.max.toFixed(1)} ms (n=${diff.runs} × ${RUNS_PER_ROUND} runs); fastest ${Math.min(...sandboxMs).toFixed(1)} vs ${Math.min(...directMs).toFixed(1)} ms; CPU per command (service + children) ${(cpu.sandboxed / cpu.runs).toFixed(1)} vs ${(cpu.direct / cpu.runs).toFixed(1)} ms`,
      }),
    ];
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}
