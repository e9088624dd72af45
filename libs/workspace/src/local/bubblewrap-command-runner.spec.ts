import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

import type { CommandRequest } from '../command-runner.port.js';
import { BubblewrapCommandRunner, bubblewrapArgs, chooseLocalRunner } from './bubblewrap-command-runner.js';
import { LocalCommandRunner } from './local-command-runner.js';

const plain = new LocalCommandRunner({ serviceEnv: process.env, killGraceMs: 200, drainGraceMs: 200 });
const available = await chooseLocalRunner(plain, 'auto', tmpdir());
if (available.sandbox !== 'bubblewrap') {
  console.warn(`\n!!! SKIPPED: bubblewrap sandbox tests — bwrap unusable here: ${available.reason ?? 'unknown'} !!!\n`);
}

describe('bubblewrapArgs', () => {
  it('should bind the workspace after the private /tmp and share the network only on request', () => {
    const request = { command: 'go', args: ['build'], cwd: '/w/s/repo/sub', workspaceRoot: '/w/s/repo' };
    const args = bubblewrapArgs(request);
    expect(args.indexOf('--tmpfs')).toBeLessThan(args.indexOf('--bind'));
    expect(args.slice(args.indexOf('--bind'), args.indexOf('--bind') + 3)).toEqual(['--bind', '/w/s/repo', '/w/s/repo']);
    expect(args).not.toContain('--share-net');
    expect(args.slice(-4)).toEqual(['/w/s/repo/sub', '--', 'go', 'build']);
    expect(bubblewrapArgs({ ...request, network: true })).toContain('--share-net');
  });
});

describe('bubblewrapArgs under /tmp', () => {
  it('should mount program trees below /tmp back read-only, before the writable workspace', () => {
    const request = { command: '/tmp/clone/node_modules/node/bin/node', args: [], cwd: '/w/repo', workspaceRoot: '/w/repo' };
    const args = bubblewrapArgs(request, ['/tmp/clone/node_modules/.bin', '/usr/bin', '/tmp/tools/bin']);
    const tmpfs = args.indexOf('--tmpfs');
    const mounts = args.slice(tmpfs + 2, args.indexOf('--bind'));
    expect(mounts).toEqual(['--ro-bind-try', '/tmp/clone', '/tmp/clone', '--ro-bind-try', '/tmp/tools', '/tmp/tools']);
  });
});

describe('chooseLocalRunner', () => {
  it('should return the plain runner without probing when the sandbox is off', async () => {
    const choice = await chooseLocalRunner(plain, 'off', tmpdir(), '/nonexistent/bwrap');
    expect(choice).toEqual({ runner: plain, sandbox: 'none' });
  });

  it('should fall back to the plain runner with a reason when bwrap cannot run', async () => {
    const choice = await chooseLocalRunner(plain, 'auto', tmpdir(), '/nonexistent/bwrap');
    expect(choice.runner).toBe(plain);
    expect(choice.sandbox).toBe('none');
    expect(choice.reason).toBe('command not found: /nonexistent/bwrap');
  });
});

(available.sandbox === 'bubblewrap' ? describe : describe.skip)('BubblewrapCommandRunner', () => {
  const runner = new BubblewrapCommandRunner(plain);
  let base: string;
  let workspace: string;
  let server: Server;
  let port: number;

  const run = (command: string, args: string[], extra: Partial<CommandRequest> = {}) =>
    runner.run({ command, args, cwd: workspace, workspaceRoot: workspace, timeoutMs: 10_000, ...extra });

  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'bwrap-'));
    workspace = join(base, 'repo');
    await mkdir(join(workspace, 'sub'), { recursive: true });
    server = createServer((socket) => {
      // The client exits right after connecting; a reset is expected.
      socket.on('error', () => undefined);
      socket.end('hello\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(base, { recursive: true, force: true });
  });

  it('should write inside the workspace, also from a subdirectory', async () => {
    const result = await run('sh', ['-c', 'echo inside > out.txt && echo deeper > ../top.txt'], { cwd: join(workspace, 'sub') });
    expect(result.exit_code).toBe(0);
    expect(await readFile(join(workspace, 'sub', 'out.txt'), 'utf8')).toBe('inside\n');
    expect(await readFile(join(workspace, 'top.txt'), 'utf8')).toBe('deeper\n');
  });

  it('should refuse writes to host paths outside the workspace', async () => {
    const probe = join(homedir(), `.bwrap-probe-${process.pid}`);
    const etc = await run('touch', ['/tmp/../etc/bwrap-probe']);
    expect(etc.exit_code).not.toBe(0);
    expect(etc.output).toMatch(/Read-only file system/);
    const home = await run('touch', [probe]);
    expect(home.exit_code).not.toBe(0);
    expect(existsSync(probe)).toBe(false);
    expect(existsSync('/etc/bwrap-probe')).toBe(false);
  });

  it('should give the command a private /tmp that never reaches the host', async () => {
    const sibling = join(base, 'sibling.txt');
    const result = await run('sh', ['-c', `echo x > /tmp/private.txt && cat /tmp/private.txt && echo y > ${sibling}`]);
    // The workspace's parent exists inside only as a mount point in the private /tmp.
    expect(result.output).toContain('x');
    expect(existsSync('/tmp/private.txt')).toBe(false);
    expect(existsSync(sibling)).toBe(false);
  });

  const connect = `require('node:net').connect(0, '127.0.0.1').on('connect', () => { console.log('connected'); process.exit(0); }).on('error', (e) => { console.log(e.code); process.exit(3); })`;

  it('should have no network unless the call asks for it', async () => {
    const offline = await run(process.execPath, ['-e', connect.replace('(0,', `(${port},`)]);
    expect(offline.exit_code).toBe(3);
    expect(offline.output).toMatch(/ECONNREFUSED|ENETUNREACH/);
    const online = await run(process.execPath, ['-e', connect.replace('(0,', `(${port},`)], { network: true });
    expect(online.output.trim()).toBe('connected');
    expect(online.exit_code).toBe(0);
  });

  it('should report a missing program the way the plain runner does', async () => {
    const result = await run('no-such-program-xyz', []);
    expect(result).toMatchObject({ exit_code: -1, start_error: 'command not found: no-such-program-xyz' });
  });

  it('should still kill the sandboxed program at the deadline', async () => {
    const result = await run('sleep', ['30'], { timeoutMs: 300 });
    expect(result).toMatchObject({ exit_code: 124, timed_out: true });
    expect(result.duration_ms).toBeLessThan(5000);
  });
});
