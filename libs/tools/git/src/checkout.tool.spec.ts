import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { GitCheckoutTool } from './checkout.tool.js';
import { appFailureOf, outputOf } from '#app/testing';
import { createGitWorkspace, type GitWorkspace } from './testing/git-workspace.fixture.js';

describe('GitCheckoutTool', () => {
  const tool = new GitCheckoutTool();
  let ws: GitWorkspace;

  beforeEach(async () => {
    ws = await createGitWorkspace();
  });

  afterEach(() => ws.cleanup());

  it('should switch to an existing branch', async () => {
    const result = await ws.run(tool, { ref: 'feature' });
    expect(result.error).toBeUndefined();
    expect(result.output).toMatchObject({
      ref: 'feature',
      created: false,
      output: expect.stringContaining("Switched to branch 'feature'"),
      command: expect.arrayContaining(['checkout', 'feature', '--']),
      exit_code: 0,
    });
    expect(ws.git(['rev-parse', '--abbrev-ref', 'HEAD']).trim()).toBe('feature');
  });

  it('should create a branch from a start point when create is true', async () => {
    const result = await ws.run(tool, { ref: 'topic/x', create: true, start_point: 'feature' });
    expect(outputOf(result)).toMatchObject({ ref: 'topic/x', created: true });
    expect(outputOf(result).command).toEqual(
      expect.arrayContaining(['-b', 'topic/x', 'feature', '--']),
    );
    expect(ws.git(['rev-parse', 'HEAD'])).toBe(ws.git(['rev-parse', 'feature']));
  });

  it('should read a ref that is also a file name as a revision, never restoring the file', async () => {
    await writeFile(join(ws.root, 'README.md'), 'local edit\n');
    ws.git(['branch', 'README.md']);
    const result = await ws.run(tool, { ref: 'README.md' });
    expect(result.error).toBeUndefined();
    expect(await readFile(join(ws.root, 'README.md'), 'utf8')).toBe('local edit\n');
  });

  it('should overwrite a clashing untracked file only with force', async () => {
    await writeFile(join(ws.root, 'feature.txt'), 'untracked clash\n');
    const blocked = await ws.run(tool, { ref: 'feature' });
    expect(blocked.error).toMatchObject({
      code: 'execution_failed',
      message: expect.stringContaining('would be overwritten'),
    });
    const forced = await ws.run(tool, { ref: 'feature', force: true });
    expect(outputOf(forced)).toMatchObject({
      exit_code: 0,
      command: expect.arrayContaining(['--force']),
    });
    expect(await readFile(join(ws.root, 'feature.txt'), 'utf8')).toBe('feature\n');
  });

  it('should refuse refs starting with a dash or containing whitespace or control characters', async () => {
    for (const ref of ['-b', '--orphan=x', 'a b', 'a\u0001b']) {
      expect(await appFailureOf(ws.run(tool, { ref }))).toEqual({
        code: 'invalid_argument',
        message: 'ref must not start with "-" or contain whitespace or control characters',
      });
    }
    expect(
      await appFailureOf(ws.run(tool, { ref: 'x', create: true, start_point: '-p' })),
    ).toMatchObject({
      message: 'start_point must not start with "-" or contain whitespace or control characters',
    });
  });

  it('should enforce allowed_git_ref_prefixes on ref and start_point', async () => {
    const metadata = { allowed_git_ref_prefixes: 'refs/heads/feature, agent/' };
    expect(await appFailureOf(ws.run(tool, { ref: 'main' }, metadata))).toEqual({
      code: 'policy_denied',
      message: 'ref outside allowlist',
    });
    expect(
      await appFailureOf(
        ws.run(tool, { ref: 'agent/one', create: true, start_point: 'main' }, metadata),
      ),
    ).toEqual({ code: 'policy_denied', message: 'start_point outside allowlist' });
    expect(
      outputOf(
        await ws.run(tool, { ref: 'agent/one', create: true, start_point: 'feature' }, metadata),
      ),
    ).toMatchObject({
      created: true,
    });
    expect(outputOf(await ws.run(tool, { ref: 'feature' }, metadata))).toMatchObject({
      exit_code: 0,
    });
    expect(
      outputOf(await ws.run(tool, { ref: 'main' }, { allowed_git_ref_prefixes: '*' })),
    ).toMatchObject({ exit_code: 0 });
  });

  it('should fail with git_repo_error for an unknown ref', async () => {
    const result = await ws.run(tool, { ref: 'nope' });
    expect(result.error).toMatchObject({
      code: 'git_repo_error',
      message: expect.stringContaining('invalid reference: nope'),
    });
    expect(outputOf(result)).toMatchObject({ created: false, exit_code: 128 });
  });
});
