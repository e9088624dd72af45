import { symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { GitDiffTool } from './diff.tool.js';
import { appFailureOf, outputOf } from '#app/testing';
import { createGitWorkspace, type GitWorkspace } from './testing/git-workspace.fixture.js';

describe('GitDiffTool', () => {
  const tool = new GitDiffTool();
  let ws: GitWorkspace;

  beforeEach(async () => {
    ws = await createGitWorkspace();
    await writeFile(join(ws.root, 'README.md'), 'Hello, world\nline two\n');
    await writeFile(join(ws.root, 'src/app.txt'), 'app v2\n');
  });

  afterEach(() => ws.cleanup());

  it('should show working tree changes limited to the resolved paths', async () => {
    const result = await ws.run(tool, { paths: ['./src/', ''] });
    expect(result.error).toBeUndefined();
    const output = outputOf(result);
    expect(output.diff).toContain('+app v2');
    expect(output.diff).not.toContain('README.md');
    expect(output.command).toEqual([
      'git',
      '--no-pager',
      '-c',
      'core.hooksPath=/dev/null',
      '-c',
      'core.fsmonitor=false',
      'diff',
      '--no-ext-diff',
      '--no-textconv',
      '--no-color',
      '--',
      'src',
    ]);
    expect(result.logs).toHaveLength(1);
  });

  it('should show only staged changes when staged is true', async () => {
    ws.git(['add', 'README.md']);
    const diff = outputOf(await ws.run(tool, { staged: true })).diff as string;
    expect(diff).toContain('+Hello, world');
    expect(diff).not.toContain('app v2');
  });

  it('should compare against a base revision', async () => {
    const result = await ws.run(tool, { base: 'feature' });
    const output = outputOf(result);
    expect(output.diff).toContain('feature.txt');
    expect(output.command).toEqual(expect.arrayContaining(['--end-of-options', 'feature', '--']));
  });

  it('should refuse a base that starts with a dash or contains whitespace', async () => {
    for (const base of ['--output=/tmp/x', 'main two', 'a\tb']) {
      expect(await appFailureOf(ws.run(tool, { base }))).toEqual({
        code: 'invalid_argument',
        message: 'base must not start with "-" or contain whitespace or control characters',
      });
    }
  });

  it('should refuse paths that escape the workspace', async () => {
    await symlink(ws.outside, join(ws.root, 'out'));
    for (const path of ['../outside', '/etc', 'out/secret.txt']) {
      expect(await appFailureOf(ws.run(tool, { paths: [path] }))).toEqual({
        code: 'policy_denied',
        message: 'path escapes workspace',
      });
    }
  });

  it('should fail with git_repo_error for an unknown base', async () => {
    const result = await ws.run(tool, { base: 'no-such-branch' });
    expect(result.error?.code).toBe('git_repo_error');
    expect(result.exit_code).toBe(128);
  });

  it('should cut a diff above 1 MiB with the truncation marker', async () => {
    await writeFile(join(ws.root, 'README.md'), `${'x'.repeat(99)}\n`.repeat(15_000));
    const diff = outputOf(await ws.run(tool, {})).diff as string;
    expect(diff.endsWith('\n[output truncated]')).toBe(true);
    expect(Buffer.byteLength(diff)).toBeLessThanOrEqual(1024 * 1024 + 32);
  });
});
