import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { GitPullTool } from './pull.tool.js';
import { appFailureOf, outputOf } from '#app/testing';
import {
  advanceRemote,
  createGitWorkspace,
  type GitWorkspace,
  gitToolConfig,
} from './testing/git-workspace.fixture.js';

describe('GitPullTool', () => {
  let tool: GitPullTool;
  let ws: GitWorkspace;

  beforeEach(async () => {
    ws = await createGitWorkspace();
    tool = new GitPullTool(gitToolConfig([ws.base]));
  });

  afterEach(() => ws.cleanup());

  it('should fast-forward the current branch from origin', async () => {
    const upstream = await advanceRemote(ws);
    const result = await ws.run(tool, { refspec: 'main' });
    expect(result.error).toBeUndefined();
    expect(result.output).toMatchObject({
      remote: 'origin',
      refspec: 'main',
      pulled: true,
      exit_code: 0,
    });
    expect(ws.git(['rev-parse', 'HEAD']).trim()).toBe(upstream);
    expect(result.logs).toHaveLength(1);
  });

  it('should rebase local commits onto the remote when rebase is true', async () => {
    const upstream = await advanceRemote(ws);
    await writeFile(join(ws.root, 'local.txt'), 'local\n');
    ws.git(['add', '.']);
    ws.git(['commit', '-q', '-m', 'local change']);
    const result = await ws.run(tool, { refspec: 'main', rebase: true });
    expect(outputOf(result)).toMatchObject({
      pulled: true,
      command: expect.arrayContaining(['pull', '--rebase']),
    });
    expect(ws.git(['rev-parse', 'HEAD~1']).trim()).toBe(upstream);
    expect(ws.git(['log', '-1', '--format=%s']).trim()).toBe('local change');
  });

  it('should refuse a remote outside the allowlist and an unsafe refspec', async () => {
    expect(
      await appFailureOf(ws.run(tool, { remote: ws.remoteUrl }, { allowed_git_remotes: 'origin' })),
    ).toEqual({
      code: 'policy_denied',
      message: 'remote outside allowlist',
    });
    expect(
      await appFailureOf(ws.run(tool, { refspec: '--upload-pack=touch /tmp/x' })),
    ).toMatchObject({
      code: 'invalid_argument',
    });
  });
});
