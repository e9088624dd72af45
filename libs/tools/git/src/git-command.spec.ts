import { access, chmod, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { GitCheckoutTool } from './checkout.tool.js';
import { GitCommitTool } from './commit.tool.js';
import { GitDiffTool } from './diff.tool.js';
import { GitCommand, gitFailure, type GitRun } from './git-command.js';
import { GitShowTool } from './show.tool.js';
import { GitStatusTool } from './status.tool.js';
import { appFailureOf, outputOf, recordProgress } from '#app/testing';
import { createGitWorkspace, runGit, type GitWorkspace } from './testing/git-workspace.fixture.js';

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

describe('GitCommand safety', () => {
  let ws: GitWorkspace;
  let marker: string;

  beforeEach(async () => {
    ws = await createGitWorkspace();
    marker = join(ws.outside, 'pwned');
  });

  afterEach(() => ws.cleanup());

  it('should run no repository hook when the repository installs hooks and a hooksPath', async () => {
    const hook = `#!/bin/sh\ntouch '${marker}'\n`;
    for (const name of ['pre-commit', 'post-commit', 'post-checkout']) {
      await writeFile(join(ws.root, '.git/hooks', name), hook);
      await chmod(join(ws.root, '.git/hooks', name), 0o755);
    }
    await mkdir(join(ws.root, 'hooks'));
    await writeFile(join(ws.root, 'hooks/pre-commit'), hook);
    await chmod(join(ws.root, 'hooks/pre-commit'), 0o755);
    ws.git(['config', 'core.hooksPath', 'hooks']);

    const committed = await ws.run(new GitCommitTool(), { message: 'with hooks', all: true });
    const checkedOut = await ws.run(new GitCheckoutTool(), { ref: 'feature' });

    expect(outputOf(committed)).toMatchObject({ committed: true });
    expect(checkedOut.error).toBeUndefined();
    expect(await exists(marker)).toBe(false);
  });

  it('should run no fsmonitor, filter, textconv or external diff command when repository config sets them', async () => {
    const command = `touch '${marker}'; cat`;
    ws.git(['config', 'core.fsmonitor', command]);
    ws.git(['config', 'filter.evil.clean', command]);
    ws.git(['config', 'filter.evil.smudge', command]);
    ws.git(['config', 'filter.evil.required', 'true']);
    ws.git(['config', 'diff.evil.textconv', command]);
    ws.git(['config', 'diff.external', command]);
    await writeFile(
      join(ws.root, '.git/info/attributes'),
      '*.md filter=evil diff=evil\n*.txt filter=evil diff=evil\n',
    );
    await writeFile(join(ws.root, 'README.md'), 'Hello again\n');

    const status = await ws.run(new GitStatusTool(), {});
    const diff = await ws.run(new GitDiffTool(), {});
    const commit = await ws.run(new GitCommitTool(), { message: 'filtered', all: true });
    const show = await ws.run(new GitShowTool(), {});
    const checkout = await ws.run(new GitCheckoutTool(), { ref: 'feature' });

    expect(outputOf(status).status).toBe(' M README.md\n');
    expect(outputOf(diff).diff).toContain('+Hello again');
    expect(outputOf(commit)).toMatchObject({ committed: true });
    expect(outputOf(show).show).toContain('+Hello again');
    expect(checkout.error).toBeUndefined();
    expect(await exists(marker)).toBe(false);
  });

  it('should keep working on the workspace when core.worktree points elsewhere', async () => {
    ws.git(['config', 'core.worktree', ws.outside]);
    await writeFile(join(ws.root, 'README.md'), 'changed\n');
    const result = await ws.run(new GitStatusTool(), {});
    expect(outputOf(result).status).toBe(' M README.md\n');
  });

  describe('repository containment', () => {
    let other: string;

    beforeEach(async () => {
      other = join(ws.outside, 'other');
      await mkdir(other);
      runGit(['init', '-q'], other);
      await writeFile(join(other, 'private.txt'), 'private\n');
      runGit(['add', '.'], other);
      runGit(['commit', '-q', '-m', 'private'], other);
    });

    it('should refuse a .git file that points outside the workspace', async () => {
      const bare = await createGitWorkspace({ repository: false });
      try {
        await writeFile(join(bare.root, '.git'), `gitdir: ${join(other, '.git')}\n`);
        expect(await appFailureOf(bare.run(new GitStatusTool(), {}))).toEqual({
          code: 'policy_denied',
          message: 'path escapes workspace',
        });
      } finally {
        await bare.cleanup();
      }
    });

    it('should refuse a .git symlink that leads outside the workspace', async () => {
      const bare = await createGitWorkspace({ repository: false });
      try {
        await symlink(join(other, '.git'), join(bare.root, '.git'));
        expect(await appFailureOf(bare.run(new GitShowTool(), {}))).toEqual({
          code: 'policy_denied',
          message: 'path escapes workspace',
        });
      } finally {
        await bare.cleanup();
      }
    });

    it('should refuse object alternates outside the workspace', async () => {
      await writeFile(
        join(ws.root, '.git/objects/info/alternates'),
        `${join(other, '.git/objects')}\n`,
      );
      expect(await appFailureOf(ws.run(new GitStatusTool(), {}))).toEqual({
        code: 'policy_denied',
        message: 'path escapes workspace',
      });
      await writeFile(
        join(ws.root, '.git/objects/info/alternates'),
        '../../../outside/other/.git/objects\n',
      );
      expect(await appFailureOf(ws.run(new GitStatusTool(), {}))).toEqual({
        code: 'policy_denied',
        message: 'path escapes workspace',
      });
    });
  });
});

describe('gitFailure', () => {
  const run = (overrides: Partial<GitRun>): GitRun => ({
    command: ['git', 'status'],
    exit_code: 0,
    output: '',
    truncated: false,
    timed_out: false,
    ...overrides,
  });

  it('should map git exit codes and start failures to the catalog errors', () => {
    expect(gitFailure(run({}))).toBeUndefined();
    expect(gitFailure(run({ exit_code: 128, output: 'fatal: bad object\n' }))).toEqual({
      code: 'git_repo_error',
      message: 'command failed: fatal: bad object',
      retryable: false,
    });
    expect(gitFailure(run({ exit_code: 129, output: 'usage: git status' }))?.code).toBe(
      'git_usage_error',
    );
    expect(gitFailure(run({ exit_code: 1 }))).toEqual({
      code: 'execution_failed',
      message: 'command failed: exit code 1',
      retryable: false,
    });
    expect(gitFailure(run({ exit_code: -1, start_error: 'command not found: git' }))?.message).toBe(
      'command not available: git',
    );
    expect(gitFailure(run({ exit_code: 124, timed_out: true }))).toMatchObject({
      code: 'timeout',
      retryable: true,
    });
  });
});

describe('GitCommand live output', () => {
  let ws: GitWorkspace;

  beforeEach(async () => {
    ws = await createGitWorkspace();
  });

  afterEach(() => ws.cleanup());

  it('should report the lines of a logged git run to the progress, and nothing of its config probe', async () => {
    const progress = recordProgress();
    const git = new GitCommand(
      { workspace: ws.runtime, signal: new AbortController().signal, progress },
      { timeoutSeconds: 30, outputCapBytes: 65_536 },
    );

    const run = await git.run(['log', '--format=%s']);
    await git.run(['rev-parse', 'HEAD'], { log: false });

    expect(run.exit_code).toBe(0);
    // Only the logged run: the repository config probe and the log: false run stay silent.
    expect(progress.lines.map((line) => line.message)).toEqual(run.output.trimEnd().split('\n'));
    expect(progress.lines.every((line) => line.channel === 'stdout')).toBe(true);
    expect(git.logs).toEqual([
      { at: expect.stringMatching(/Z$/), channel: 'stdout', message: run.output },
    ]);
  });
});
