import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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
    const defaults = { exit_code: 0, output: '', truncated: false, timed_out: false, duration_ms: 1 };
    return { ...defaults, ...this.result };
  }
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
    const git = (...args: string[]) => execFileSync('git', [...identity, ...args], { cwd: upstream });
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

  it('should pass a shallow clone with the url after "--" when it runs git', async () => {
    const recording = new RecordingRunner({});

    await gitClone(recording, { url: '-u evil', ref: 'main', directory: '/ws/repo', cwd: '/ws' });

    expect(recording.requests).toEqual([
      expect.objectContaining({
        command: 'git',
        args: ['clone', '--depth', '1', '--branch', 'main', '--', '-u evil', '/ws/repo'],
        cwd: '/ws',
        timeoutMs: GIT_CLONE_TIMEOUT_MS,
        env: { GIT_TERMINAL_PROMPT: '0' },
      }),
    ]);
    expect(GIT_CLONE_TIMEOUT_MS).toBe(300_000);
  });

  it('should throw the trimmed git output when git fails', async () => {
    const output = '\n  fatal: repository not found  \n';
    const recording = new RecordingRunner({ exit_code: 128, output });

    await expect(gitClone(recording, remote)).rejects.toMatchObject({
      code: 'internal',
      message: 'git clone failed: fatal: repository not found',
    });
  });

  it('should name the deadline when the clone timed out', async () => {
    const output = "Cloning into 'repo'...";
    const recording = new RecordingRunner({ exit_code: 124, timed_out: true, output });

    await expect(gitClone(recording, remote)).rejects.toMatchObject({
      message: 'git clone failed: timed out after 300s',
    });
  });

  it('should report the start error when git is not installed', async () => {
    const withoutGit = new LocalCommandRunner({ serviceEnv: { PATH: join(base, 'empty-bin') } });

    const clone = gitClone(withoutGit, { ...remote, url: `file://${upstream}`, cwd: base });

    await expect(clone).rejects.toMatchObject({
      code: 'internal',
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
