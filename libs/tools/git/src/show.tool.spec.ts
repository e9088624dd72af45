import { symlink } from 'node:fs/promises';
import { join } from 'node:path';

import { GitShowTool } from './show.tool.js';
import { appFailureOf, outputOf } from '#app/testing';
import { createGitWorkspace, type GitWorkspace } from './testing/git-workspace.fixture.js';

describe('GitShowTool', () => {
  const tool = new GitShowTool();
  let ws: GitWorkspace;

  beforeEach(async () => {
    ws = await createGitWorkspace();
  });

  afterEach(() => ws.cleanup());

  it('should show the message, stat and patch of HEAD by default', async () => {
    const result = await ws.run(tool, {});
    expect(result.error).toBeUndefined();
    const output = outputOf(result);
    expect(output).toMatchObject({ ref: 'HEAD', exit_code: 0 });
    expect(output.path).toBeUndefined();
    expect(output.show).toContain('add app');
    expect(output.show).toContain('+app v1');
    expect(output.command).toEqual([
      'git',
      '--no-pager',
      '-c',
      'core.hooksPath=/dev/null',
      '-c',
      'core.fsmonitor=false',
      'show',
      '--no-color',
      '--no-ext-diff',
      '--no-textconv',
      '--end-of-options',
      'HEAD',
      '--',
    ]);
  });

  it('should map stat and patch to the documented flags', async () => {
    const statOnly = outputOf(await ws.run(tool, { patch: false }));
    expect(statOnly.command).toContain('--stat');
    expect(statOnly.show).toContain('src/app.txt | 1 +');
    expect(statOnly.show).not.toContain('+app v1');
    expect(outputOf(await ws.run(tool, { stat: false })).command).toContain('--patch');
    const neither = outputOf(await ws.run(tool, { stat: false, patch: false }));
    expect(neither.command).toEqual(expect.arrayContaining(['--pretty=fuller', '--no-patch']));
    expect(neither.show).toContain('Commit:');
    expect(neither.show).not.toContain('app.txt');
  });

  it('should limit the output to a resolved path and echo it', async () => {
    const output = outputOf(await ws.run(tool, { ref: 'feature', path: './feature.txt' }));
    expect(output).toMatchObject({ ref: 'feature', path: 'feature.txt' });
    expect(output.show).toContain('+feature');
  });

  it('should refuse an escaping path, an unsafe ref and a ref outside the allowlist', async () => {
    await symlink(ws.outside, join(ws.root, 'out'));
    expect(await appFailureOf(ws.run(tool, { path: 'out/secret.txt' }))).toEqual({
      code: 'policy_denied',
      message: 'path escapes workspace',
    });
    expect(await appFailureOf(ws.run(tool, { ref: '-p' }))).toMatchObject({
      code: 'invalid_argument',
    });
    expect(
      await appFailureOf(
        ws.run(tool, { ref: 'feature' }, { allowed_git_ref_prefixes: 'release/' }),
      ),
    ).toEqual({
      code: 'policy_denied',
      message: 'ref outside allowlist',
    });
  });

  it('should fail with git_repo_error for a bad object', async () => {
    const result = await ws.run(tool, { ref: 'deadbeef' });
    expect(result.error?.code).toBe('git_repo_error');
  });
});
