import {
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  closeSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

import { AppException } from '#app/errors';
import { gatePath, gatedProgram, openGate, recordOutput } from '#app/testing';

import type { CommandRequest } from '../command-runner.port.js';
import { BubblewrapCommandRunner } from './bubblewrap-command-runner.js';
import { LocalCommandRunner } from './local-command-runner.js';
import { SandboxLayout } from './sandbox-layout.js';
import { hostIpv4Addresses, SandboxNetwork } from './sandbox-network.js';

const plain = new LocalCommandRunner({
  serviceEnv: process.env,
  killGraceMs: 200,
  drainGraceMs: 200,
});
const scratch = mkdtempSync(join(tmpdir(), 'bwrap-spec-'));

function sandboxRunner(
  options: { bwrap?: string; hidden?: string[]; network?: SandboxNetwork } = {},
): BubblewrapCommandRunner {
  const layout = new SandboxLayout({
    hiddenPaths: options.hidden ?? [],
    searchPath: (process.env['PATH'] ?? '').split(':'),
  });
  return new BubblewrapCommandRunner(plain, {
    layout,
    network: options.network ?? new SandboxNetwork(),
    bwrap: options.bwrap,
  });
}

const probeRunner = sandboxRunner();
await probeRunner.probe();
const usable = probeRunner.describe() === 'ok';
if (!usable) {
  const notice = `bubblewrap sandbox tests — sandbox unusable here: ${probeRunner.describe()}`;
  if (process.env['CI'] === 'true') {
    throw new Error(`${notice}; CI=true requires it`);
  }
  console.warn(`\n!!! SKIPPED: ${notice} !!!\n`);
}

/** A stand-in `bwrap` that cannot create namespaces (what a locked-down kernel answers). */
function brokenBwrap(): string {
  const dir = mkdtempSync(join(scratch, 'broken-'));
  const path = join(dir, 'bwrap');
  writeFileSync(
    path,
    '#!/bin/sh\necho "bwrap: No permissions to create new namespace" >&2\nexit 1\n',
    { mode: 0o755 },
  );
  return path;
}

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('BubblewrapCommandRunner when the sandbox cannot be created', () => {
  it('should refuse every command with 503 unavailable and the reason, never running it on the host', async () => {
    const runner = sandboxRunner({ bwrap: brokenBwrap() });
    await runner.probe();
    const marker = join(scratch, 'ran-on-host');

    const error = await runner
      .run({
        command: 'touch',
        args: [marker],
        cwd: scratch,
        workspaceRoot: scratch,
        timeoutMs: 5000,
      })
      .catch((caught: unknown) => caught);

    expect(runner.describe()).toBe('unavailable: bwrap: No permissions to create new namespace');
    expect(error).toBeInstanceOf(AppException);
    expect((error as AppException).code).toBe('unavailable');
    expect((error as AppException).message).toMatch(
      /^sandbox unavailable: bwrap: No permissions to create new namespace; install bubblewrap .* set WORKSPACE_LOCAL_SANDBOX=off on a single-user machine$/,
    );
    expect(existsSync(marker)).toBe(false);
  });

  it("should not pass bwrap's own failure to the output listener when it refuses", async () => {
    const runner = sandboxRunner({ bwrap: brokenBwrap() });
    await runner.probe();
    const heard = recordOutput();

    await expect(
      runner.run({
        command: 'true',
        args: [],
        cwd: scratch,
        workspaceRoot: scratch,
        timeoutMs: 5000,
        onOutput: heard.listener,
      }),
    ).rejects.toMatchObject({ code: 'unavailable' });
    expect(heard.chunks).toEqual([]);
  });

  it('should refuse when bwrap is missing altogether', async () => {
    const runner = sandboxRunner({ bwrap: '/nonexistent/bwrap' });
    await runner.probe();
    expect(runner.describe()).toBe('unavailable: command not found: /nonexistent/bwrap');
    await expect(
      runner.run({ command: 'true', args: [], cwd: scratch, timeoutMs: 5000 }),
    ).rejects.toMatchObject({ code: 'unavailable' });
  });

  (usable ? it : it.skip)(
    'should refuse network commands when the network helper is missing, without falling back to the host network',
    async () => {
      const runner = sandboxRunner({
        network: new SandboxNetwork({ slirp4netns: '/nonexistent/slirp4netns' }),
      });
      await runner.probe();
      const marker = join(scratch, 'net-ran');

      await expect(
        runner.run({
          command: 'touch',
          args: [marker],
          cwd: scratch,
          workspaceRoot: scratch,
          timeoutMs: 5000,
          network: true,
        }),
      ).rejects.toMatchObject({
        code: 'unavailable',
        message: expect.stringMatching(
          /^sandbox unavailable: network: \/nonexistent\/slirp4netns not found; install/,
        ),
      });
      expect(existsSync(marker)).toBe(false);
      expect(runner.describe()).toBe('ok, network unavailable: /nonexistent/slirp4netns not found');
      // Offline commands still run.
      expect(
        (
          await runner.run({
            command: 'true',
            args: [],
            cwd: scratch,
            workspaceRoot: scratch,
            timeoutMs: 5000,
          })
        ).exit_code,
      ).toBe(0);
    },
  );

  (usable ? it : it.skip)(
    'should refuse network commands when the host routes cannot be blocked',
    async () => {
      const runner = sandboxRunner({ network: new SandboxNetwork({ ip: '/nonexistent/ip' }) });
      await expect(
        runner.run({
          command: 'true',
          args: [],
          cwd: scratch,
          workspaceRoot: scratch,
          timeoutMs: 5000,
          network: true,
        }),
      ).rejects.toMatchObject({
        code: 'unavailable',
        message: expect.stringContaining(
          'sandbox unavailable: network: blocking host routes failed',
        ),
      });
    },
  );
});

(usable ? describe : describe.skip)('BubblewrapCommandRunner', () => {
  const hiddenArtifacts = join(scratch, 'artifacts');
  const runner = sandboxRunner({ hidden: [hiddenArtifacts, process.cwd(), homedir()] });
  let base: string;
  let workspace: string;
  const servers: Server[] = [];
  const connections: string[] = [];

  const run = (command: string, args: string[], extra: Partial<CommandRequest> = {}) =>
    runner.run({
      command,
      args,
      cwd: workspace,
      workspaceRoot: workspace,
      timeoutMs: 20_000,
      ...extra,
    });

  async function listen(host: string): Promise<number> {
    const server = createServer((socket) => {
      connections.push(`${host}:${socket.localPort}`);
      socket.on('error', () => undefined);
      socket.end('hello\n');
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    return (server.address() as { port: number }).port;
  }

  beforeAll(async () => {
    base = mkdtempSync(join(scratch, 'ws-'));
    workspace = join(base, 'repo');
    await mkdir(join(workspace, 'sub'), { recursive: true });
    mkdirSync(hiddenArtifacts, { recursive: true });
    writeFileSync(join(base, 'sibling.txt'), 'other session\n');
  });
  afterAll(async () => {
    await Promise.all(
      servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
    );
  });

  it('should write inside the workspace, also from a subdirectory', async () => {
    const result = await run('sh', ['-c', 'echo inside > out.txt && echo deeper > ../top.txt'], {
      cwd: join(workspace, 'sub'),
    });
    expect(result.exit_code).toBe(0);
    expect(await readFile(join(workspace, 'sub', 'out.txt'), 'utf8')).toBe('inside\n');
    expect(await readFile(join(workspace, 'top.txt'), 'utf8')).toBe('deeper\n');
  });

  it('should show only the toolchain, a private /tmp and HOME, and nothing of the service', async () => {
    const script = [
      'for p in /home /root /var /run /srv /work /sys /proc/1/root/work; do [ -e "$p" ] && echo "VISIBLE $p"; done',
      `[ -e ${join(base, 'sibling.txt')} ] && echo VISIBLE-SIBLING`,
      `[ -e ${hiddenArtifacts} ] && ls -A ${hiddenArtifacts} | sed 's/^/ARTIFACT /'`,
      `[ -e ${process.cwd()}/package.json ] && echo VISIBLE-CWD`,
      'echo "HOME=$HOME TMPDIR=$TMPDIR"',
      'echo "PATH=$PATH"',
      'touch "$HOME/x" && echo HOME-WRITABLE',
      'ls /proc | grep -E "^[0-9]+$" | tr "\\n" " "',
    ].join('\n');
    writeFileSync(join(hiddenArtifacts, 'secret-artifact'), 'x');

    const result = await run('sh', ['-c', script]);

    expect(result.output).not.toMatch(/VISIBLE|ARTIFACT/);
    expect(result.output).toContain('HOME=/tmp/home TMPDIR=/tmp');
    expect(result.output).toContain('HOME-WRITABLE');
    const path = /^PATH=(.*)$/m.exec(result.output)?.[1] ?? '';
    // Only toolchain entries: never the service's checkout (node_modules/.bin), /root or /work.
    expect(path.split(':').filter((entry) => !/^\/(usr|bin|sbin|opt)(\/|$)/.test(entry))).toEqual(
      [],
    );
    // Own PID namespace: bwrap's init, the shell and its helpers only; the service is invisible.
    const pids = (result.output.trim().split('\n').at(-1) ?? '').trim().split(' ').map(Number);
    expect(pids).not.toContain(process.pid);
    expect(Math.max(...pids)).toBeLessThan(20);
  });

  it('should mask roots configured under a toolchain directory, and bind the workspace back inside one', async () => {
    let opt: string;
    try {
      opt = mkdtempSync('/opt/wes-sandbox-spec-');
    } catch {
      console.warn('\n!!! SKIPPED: roots under /opt — /opt is not writable here !!!\n');
      return;
    }
    try {
      const roots = { workspaces: join(opt, 'workspaces'), artifacts: join(opt, 'artifacts') };
      const own = join(roots.workspaces, 'tenant-a', 'session-a', 'repo');
      mkdirSync(own, { recursive: true });
      mkdirSync(join(roots.workspaces, 'tenant-b', 'session-b', 'repo'), { recursive: true });
      writeFileSync(join(roots.workspaces, 'tenant-b', 'session-b', 'repo', 'secret.txt'), 'b');
      mkdirSync(roots.artifacts, { recursive: true });
      writeFileSync(join(roots.artifacts, 'artifact.txt'), 'a');
      const masked = sandboxRunner({ hidden: [roots.workspaces, roots.artifacts] });

      const result = await masked.run({
        command: 'sh',
        args: [
          '-c',
          `ls -A ${roots.workspaces}; ls -A ${roots.artifacts} | wc -l; echo mine > ${own}/mine.txt && cat ${own}/mine.txt`,
        ],
        cwd: own,
        workspaceRoot: own,
        timeoutMs: 10_000,
      });

      expect(result.output.trim().split('\n')).toEqual(['tenant-a', '0', 'mine']);
    } finally {
      rmSync(opt, { recursive: true, force: true });
    }
  });

  it('should mask /etc secrets and refuse writes to the toolchain', async () => {
    const result = await run('sh', [
      '-c',
      'wc -c < /etc/shadow; ls -A /etc/ssh 2>/dev/null | wc -l; touch /etc/bwrap-probe || echo REFUSED',
    ]);
    expect(result.output.split('\n').map((line) => line.trim())).toEqual(
      expect.arrayContaining(['0', 'REFUSED']),
    );
    expect(existsSync('/etc/bwrap-probe')).toBe(false);
  });

  it('should kill everything the command started when it ends, setsid daemons included', async () => {
    const fifo = join(workspace, 'daemon.fifo');
    execFileSync('mkfifo', [fifo]);
    // The daemon blocks opening the FIFO for reading: while it lives, the FIFO has a reader.
    const result = await run('sh', [
      '-c',
      `setsid sh -c 'read line < ${fifo}; echo reached > ${workspace}/marker' > /dev/null 2>&1 < /dev/null & echo started`,
    ]);
    expect(result.output.trim()).toBe('started');

    // A non-blocking open for writing fails with ENXIO exactly when no process has it open to read.
    let opened = false;
    try {
      closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
      opened = true;
    } catch (error) {
      expect((error as NodeJS.ErrnoException).code).toBe('ENXIO');
    }
    expect(opened).toBe(false);
    expect(existsSync(join(workspace, 'marker'))).toBe(false);
  });

  const connect = (host: string, port: number): string =>
    `require('node:net').connect(${port}, '${host}').on('connect', () => { console.log('connected ${host}'); process.exit(0); }).on('error', (e) => { console.log(e.code + ' ${host}'); process.exit(3); })`;
  const hostAddresses = hostIpv4Addresses().filter((address) => !address.startsWith('127.'));

  it('should reach neither host loopback nor the host addresses without network', async () => {
    for (const host of ['127.0.0.1', ...hostAddresses]) {
      const port = await listen(host);
      const result = await run(process.execPath, ['-e', connect(host, port)]);
      expect(result.exit_code).toBe(3);
    }
    expect(connections).toEqual([]);
  });

  it('should give network commands outbound access but never host loopback, host addresses or link-local', async () => {
    const targets: Array<[string, number]> = [
      ['127.0.0.1', await listen('127.0.0.1')],
      ['10.0.2.2', await listen('127.0.0.1')],
    ];
    for (const host of hostAddresses) {
      targets.push([host, await listen(host)]);
    }
    targets.push(['169.254.169.254', 80], ['10.0.2.3', 53]);
    const script = targets.map(([host, port]) =>
      connect(host, port).replace('process.exit(0)', 'next()').replace('process.exit(3)', 'next()'),
    );
    const program = `const steps = [${script.map((step) => `() => ${step}`).join(', ')}]; let i = 0; function next() { const step = steps[i++]; if (step) { step(); } } next();`;

    const result = await run(process.execPath, ['-e', program], { network: true });
    const routes = await run('ip', ['route'], { network: true });

    expect(result.output).not.toContain('connected');
    expect(connections).toEqual([]);
    // Outbound goes through the user-mode stack (default route via its gateway).
    expect(routes.output).toMatch(/^default via 10\.0\.2\.2 dev tap0/m);
    for (const [host] of targets.slice(1)) {
      if (host !== '127.0.0.1') {
        expect(routes.output).toMatch(
          new RegExp(`unreachable ${host.replace(/\./g, '\\.')}|unreachable 169\\.254\\.0\\.0/16`),
        );
      }
    }
  });

  it('should resolve names through the host resolver in network commands when the host can', async () => {
    const hostCanResolve = (() => {
      try {
        execFileSync('getent', ['hosts', 'registry.npmjs.org'], { timeout: 5000 });
        return true;
      } catch {
        return false;
      }
    })();
    if (!hostCanResolve) {
      console.warn(
        '\n!!! SKIPPED: DNS check — the host itself cannot resolve registry.npmjs.org !!!\n',
      );
      return;
    }
    const result = await run('getent', ['hosts', 'registry.npmjs.org'], { network: true });
    expect(result.exit_code).toBe(0);
    expect(result.output).toMatch(/registry\.npmjs\.org/);
  });

  it('should not let the program remove the blocking routes', async () => {
    const host = hostAddresses[0] ?? '169.254.169.254';
    const result = await run(
      'sh',
      [
        '-c',
        `ip route del unreachable ${host === '169.254.169.254' ? '169.254.0.0/16' : host} || echo REFUSED`,
      ],
      { network: true },
    );
    expect(result.output).toContain('REFUSED');
  });

  it('should report a missing program and a missing directory the way the plain runner does', async () => {
    expect(await run('no-such-program-xyz', [])).toMatchObject({
      exit_code: -1,
      start_error: 'command not found: no-such-program-xyz',
    });
    expect(await run('true', [], { cwd: join(workspace, 'gone') })).toMatchObject({
      exit_code: -1,
      start_error: `working directory not found: ${join(workspace, 'gone')}`,
    });
    expect(runner.describe()).toBe('ok');
  });

  it('should still kill the sandboxed program at the deadline', async () => {
    const result = await run('sleep', ['30'], { timeoutMs: 300 });
    expect(result).toMatchObject({ exit_code: 124, timed_out: true });
    expect(runner.describe()).toBe('ok');
  });

  it('should still kill a network command at the deadline and stop its network helper', async () => {
    const result = await run('sleep', ['30'], { timeoutMs: 300, network: true });
    expect(result).toMatchObject({ exit_code: 124, timed_out: true });
  });

  it('should hand the listener output while the sandboxed program still runs, stdout and stderr apart', async () => {
    const heard = recordOutput();
    const gate = gatePath(workspace);
    let settled = false;
    const program = gatedProgram(gate, 'first\\n', 'oops\\n', { after: '>&2' });
    const running = run(program.command, program.args, {
      timeoutMs: 60_000,
      onOutput: heard.listener,
    }).finally(() => {
      settled = true;
    });

    await heard.heard('first\n', 'stdout');
    // The program waits for the gate: it cannot have ended yet.
    expect(settled).toBe(false);
    await openGate(gate);
    const result = await running;

    expect(result).toMatchObject({ exit_code: 0, output: 'first\noops\n' });
    expect(heard.text('stdout')).toBe('first\n');
    expect(heard.text('stderr')).toBe('oops\n');
  });

  it("should keep bwrap's messages about a missing program or directory from the listener", async () => {
    const heard = recordOutput();
    expect(await run('no-such-program-xyz', [], { onOutput: heard.listener })).toMatchObject({
      start_error: 'command not found: no-such-program-xyz',
    });
    expect(
      await run('true', [], { cwd: join(workspace, 'gone'), onOutput: heard.listener }),
    ).toMatchObject({ start_error: `working directory not found: ${join(workspace, 'gone')}` });
    expect(heard.chunks).toEqual([]);
  });

  it('should still pass a program error that looks like a bwrap message, at the end of the run', async () => {
    const heard = recordOutput();
    const result = await run('sh', ['-c', 'echo "bwrap: my own words" >&2; exit 1'], {
      onOutput: heard.listener,
    });

    expect(result).toMatchObject({ exit_code: 1, output: 'bwrap: my own words\n' });
    expect(heard.text('stderr')).toBe('bwrap: my own words\n');
  });

  it('should cap what the listener hears at the output cap', async () => {
    const heard = recordOutput();
    const result = await run('sh', ['-c', 'head -c 5000 /dev/zero | tr "\\0" a'], {
      outputCapBytes: 100,
      onOutput: heard.listener,
    });

    expect(result.truncated).toBe(true);
    expect(heard.text()).toBe('a'.repeat(100));
  });
});
