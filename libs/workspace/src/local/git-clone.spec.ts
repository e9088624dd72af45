import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { CommandRunner, type CommandRequest } from '../command-runner.port.js';
import type { ExecResult } from '../workspace-runtime.port.js';
import { GIT_CLONE_TIMEOUT_MS, gitClone } from './git-clone.js';
import { LocalCommandRunner } from './local-command-runner.js';

/** Records the request and answers a fixed result: for outcomes too slow to produce for real. */
class RecordingRunner extends CommandRunner {
  readonly requests: CommandRequest[] = [];

  constructor(private readonly result: Partial<ExecResult>) {
    super();
  }

  override async run(request: CommandRequest): Promise<ExecResult> {
    this.requests.push(request);
    const defaults = {
      exit_code: 0,
      output: '',
      truncated: false,
      timed_out: false,
      duration_ms: 1,
    };
    return { ...defaults, ...this.result };
  }
}

async function objectFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

const remote = { url: 'https://example.com/repo.git', directory: '/nonexistent/repo', cwd: '/' };

describe('gitClone', () => {
  let base: string;
  let upstream: string;
  const runner = new LocalCommandRunner({ serviceEnv: { PATH: process.env.PATH } });

  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'git-clone-spec-'));
    upstream = join(base, 'upstream');
    await mkdir(upstream);
    const identity = ['-c', 'user.name=t', '-c', 'user.email=t@example.com'];
    const git = (...args: string[]) =>
      execFileSync('git', [...identity, ...args], { cwd: upstream });
    git('init', '-q', '-b', 'main');
    await writeFile(join(upstream, 'file.txt'), 'v1\n');
    git('add', '.');
    git('commit', '-q', '-m', 'one');
    git('tag', 'v1');
    await writeFile(join(upstream, 'file.txt'), 'v2\n');
    git('commit', '-q', '-am', 'two');
  });

  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('should clone a tag when the ref names one', async () => {
    const directory = join(base, 'tag-clone');

    await gitClone(runner, { url: `file://${upstream}`, ref: 'v1', directory, cwd: base });

    expect(await readFile(join(directory, 'file.txt'), 'utf8')).toBe('v1\n');
  });

  it('should clone a local source without sharing an inode with it, and honour --depth', async () => {
    const directory = join(base, 'local-clone');

    await gitClone(runner, { url: upstream, localPath: upstream, directory, cwd: base });

    const sourceObjects = await objectFiles(join(upstream, '.git/objects'));
    const cloneObjects = await objectFiles(join(directory, '.git/objects'));
    const sourceInodes = new Set(
      await Promise.all(sourceObjects.map(async (file) => (await stat(file)).ino)),
    );
    for (const file of cloneObjects) {
      const info = await stat(file);
      expect(info.nlink).toBe(1);
      expect(sourceInodes.has(info.ino)).toBe(false);
    }
    expect(
      execFileSync('git', ['rev-list', '--count', 'HEAD'], {
        cwd: directory,
        encoding: 'utf8',
      }).trim(),
    ).toBe('1');
    expect(await readFile(join(directory, '.git/shallow'), 'utf8')).toMatch(/^[0-9a-f]{40}\n$/);
    // Writing through the clone (as fs.write_file would) leaves the source readable and intact.
    for (const file of cloneObjects) {
      await chmod(file, 0o644);
      await writeFile(file, 'overwritten');
    }
    expect(
      execFileSync('git', ['fsck', '--no-dangling'], { cwd: upstream, encoding: 'utf8' }),
    ).toBe('');
  });

  it('should bind an allowlisted local source read-only and clone from its real path', async () => {
    const recording = new RecordingRunner({});

    await gitClone(recording, {
      url: `file://${upstream}`,
      localPath: upstream,
      directory: '/ws/repo',
      cwd: '/ws',
    });

    expect(recording.requests[0]?.extraMounts).toEqual([{ path: upstream, writable: false }]);
    expect(recording.requests[0]?.args.slice(-2)).toEqual([upstream, '/ws/repo']);
  });

  it('should pass a shallow clone with the url after "--" when it runs git', async () => {
    const recording = new RecordingRunner({});

    await gitClone(recording, { url: '-u evil', ref: 'main', directory: '/ws/repo', cwd: '/ws' });

    expect(recording.requests).toEqual([
      expect.objectContaining({
        command: 'git',
        args: [
          '-c',
          'core.hooksPath=/dev/null',
          '-c',
          'core.fsmonitor=false',
          '-c',
          'protocol.ext.allow=never',
          '-c',
          'protocol.fd.allow=never',
          '-c',
          'submodule.recurse=false',
          'clone',
          '--no-local',
          '--depth',
          '1',
          '--branch',
          'main',
          '--',
          '-u evil',
          '/ws/repo',
        ],
        cwd: '/ws',
        timeoutMs: GIT_CLONE_TIMEOUT_MS,
        env: { GIT_TERMINAL_PROMPT: '0' },
      }),
    ]);
    expect(GIT_CLONE_TIMEOUT_MS).toBe(120_000);
  });

  it('should throw the trimmed git output when git fails', async () => {
    const output = '\n  fatal: repository not found  \n';
    const recording = new RecordingRunner({ exit_code: 128, output });

    await expect(gitClone(recording, remote)).rejects.toMatchObject({
      code: 'execution_failed',
      message: 'git clone failed: fatal: repository not found',
    });
  });

  it('should name the deadline when the clone timed out', async () => {
    const output = "Cloning into 'repo'...";
    const recording = new RecordingRunner({ exit_code: 124, timed_out: true, output });

    await expect(gitClone(recording, { ...remote, timeoutMs: 7000 })).rejects.toMatchObject({
      code: 'timeout',
      message: 'git clone timed out after 7s',
    });
    expect(recording.requests[0]?.timeoutMs).toBe(7000);
  });

  it('should report the start error when git is not installed', async () => {
    const withoutGit = new LocalCommandRunner({ serviceEnv: { PATH: join(base, 'empty-bin') } });

    const clone = gitClone(withoutGit, { ...remote, url: `file://${upstream}`, cwd: base });

    await expect(clone).rejects.toMatchObject({
      code: 'execution_failed',
      message: 'git clone failed: command not found: git',
    });
  });

  it('should report cancellation when the signal aborted the clone', async () => {
    const recording = new RecordingRunner({ exit_code: 124 });

    await expect(
      gitClone(recording, { ...remote, signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({ message: 'git clone failed: cancelled' });
  });
});
