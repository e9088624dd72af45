import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { GitStatusTool } from './status.tool.js';
import { outputOf } from '#app/testing';
import { createGitWorkspace, runGit, type GitWorkspace } from './testing/git-workspace.fixture.js';

describe('GitStatusTool', () => {
  const tool = new GitStatusTool();
  let ws: GitWorkspace;

  beforeEach(async () => {
    ws = await createGitWorkspace();
  });

  afterEach(() => ws.cleanup());

  it('should report porcelain v1 status with the safe options when short is the default', async () => {
    await writeFile(join(ws.root, 'README.md'), 'changed\n');
    await writeFile(join(ws.root, 'new.txt'), 'new\n');

    const result = await ws.run(tool, {});

    expect(result.error).toBeUndefined();
    expect(result.output).toEqual({
      status: ' M README.md\n?? new.txt\n',
      short: true,
      command: [
        'git',
        '--no-pager',
        '-c',
        'core.hooksPath=/dev/null',
        '-c',
        'core.fsmonitor=false',
        'status',
        '--porcelain=v1',
      ],
      exit_code: 0,
    });
    expect(result.exit_code).toBe(0);
    expect(result.logs).toEqual([
      { at: expect.any(String), channel: 'stdout', message: ' M README.md\n?? new.txt\n' },
    ]);
  });

  it('should print the long form when short is false', async () => {
    const result = await ws.run(tool, { short: false });
    expect(outputOf(result)).toMatchObject({
      short: false,
      status: expect.stringContaining('On branch main'),
    });
  });

  it('should fail with git_repo_error and keep the output when the workspace is no repository', async () => {
    const empty = await createGitWorkspace({ repository: false });
    try {
      const result = await empty.run(tool, {});
      expect(result.error).toEqual({
        code: 'git_repo_error',
        message: expect.stringMatching(/^command failed: fatal: not a git repository/),
        retryable: false,
      });
      expect(result.exit_code).toBe(128);
      expect(outputOf(result)).toMatchObject({
        exit_code: 128,
        status: expect.stringContaining('not a git repository'),
      });
    } finally {
      await empty.cleanup();
    }
  });

  it('should still report the repository status when allowed_paths does not cover .git', async () => {
    const limited = await createGitWorkspace({ allowedPaths: ['src'] });
    try {
      await writeFile(join(limited.root, 'src/app.txt'), 'changed\n');
      expect(outputOf(await limited.run(tool, {}))).toMatchObject({
        status: ' M src/app.txt\n',
        exit_code: 0,
      });
    } finally {
      await limited.cleanup();
    }
  });

  it('should not adopt a repository that encloses the workspace when the workspace has none', async () => {
    const nested = await createGitWorkspace({ repository: false });
    try {
      runGit(['init', '-q'], nested.base);
      await mkdir(join(nested.root, 'src'));
      const result = await nested.run(tool, {});
      expect(result.error?.code).toBe('git_repo_error');
    } finally {
      await nested.cleanup();
    }
  });
});
