import { symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { commitIdentity, GitCommitTool } from './commit.tool.js';
import { appFailureOf, outputOf } from '#app/testing';
import { createGitWorkspace, type GitWorkspace } from './testing/git-workspace.fixture.js';

describe('GitCommitTool', () => {
  const tool = new GitCommitTool();
  let ws: GitWorkspace;

  beforeEach(async () => {
    ws = await createGitWorkspace();
    await writeFile(join(ws.root, 'README.md'), 'Hello, world\n');
    await writeFile(join(ws.root, 'src/app.txt'), 'app v2\n');
  });

  afterEach(() => ws.cleanup());

  it('should stage the given paths, commit them with the metadata identity and return the new hash', async () => {
    const metadata = { git_author_name: 'Agent Smith', git_author_email: 'smith@example.com' };
    const result = await ws.run(tool, { message: 'Update readme', paths: ['README.md'] }, metadata);
    expect(result.error).toBeUndefined();
    const output = outputOf(result);
    expect(output).toMatchObject({
      committed: true,
      commit: ws.git(['rev-parse', 'HEAD']).trim(),
      exit_code: 0,
    });
    expect(output.command).toEqual(
      expect.arrayContaining([
        '-c',
        'user.name=Agent Smith',
        '-c',
        'user.email=smith@example.com',
        'commit',
        '-m',
        'Update readme',
        '--',
        'README.md',
      ]),
    );
    expect(ws.git(['log', '-1', '--format=%an <%ae>|%cn|%s']).trim()).toBe(
      'Agent Smith <smith@example.com>|Agent Smith|Update readme',
    );
    expect(ws.git(['status', '--porcelain=v1'])).toBe(' M src/app.txt\n');
    // git add, git commit, git rev-parse.
    expect(result.logs).toHaveLength(3);
  });

  it('should stage everything with all and fall back to the actor identity', async () => {
    const result = await ws.run(
      tool,
      { message: 'All of it', all: true },
      { git_author_email: 'not-an-email' },
    );
    expect(outputOf(result)).toMatchObject({ committed: true });
    expect(ws.git(['log', '-1', '--format=%an <%ae>']).trim()).toBe(
      'alice <alice@workspace.local>',
    );
    expect(ws.git(['status', '--porcelain=v1'])).toBe('');
  });

  it('should report execution_failed with committed false when there is nothing to commit', async () => {
    ws.git(['checkout', '-q', '--', '.']);
    const result = await ws.run(tool, { message: 'nothing' });
    expect(result.error).toMatchObject({ code: 'execution_failed' });
    expect(outputOf(result)).toMatchObject({
      committed: false,
      exit_code: 1,
      output: expect.stringContaining('nothing'),
    });
    expect(outputOf(result).commit).toBeUndefined();
  });

  it('should refuse a path that escapes the workspace', async () => {
    await symlink(ws.outside, join(ws.root, 'out'));
    expect(await appFailureOf(ws.run(tool, { message: 'x', paths: ['out/secret.txt'] }))).toEqual({
      code: 'policy_denied',
      message: 'path escapes workspace',
    });
  });

  it('should derive the identity from metadata, then the actor, then workspace-bot', () => {
    const session = { ...ws.session, metadata: {} };
    expect(commitIdentity(session)).toEqual({ name: 'alice', email: 'alice@workspace.local' });
    const anonymous = { ...session, principal: { ...session.principal, actor_id: '' } };
    expect(commitIdentity(anonymous)).toEqual({
      name: 'workspace-bot',
      email: 'workspace-bot@workspace.local',
    });
  });
});
