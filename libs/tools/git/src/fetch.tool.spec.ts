import { GitFetchTool } from './fetch.tool.js';
import { appFailureOf, outputOf } from '#app/testing';
import {
  advanceRemote,
  createGitWorkspace,
  type GitWorkspace,
  gitToolConfig,
} from './testing/git-workspace.fixture.js';

describe('GitFetchTool', () => {
  let tool: GitFetchTool;
  let ws: GitWorkspace;

  beforeEach(async () => {
    ws = await createGitWorkspace();
    tool = new GitFetchTool(gitToolConfig([ws.base]));
  });

  afterEach(() => ws.cleanup());

  it('should fetch new commits and tags from origin', async () => {
    const upstream = await advanceRemote(ws);
    const result = await ws.run(tool, { prune: true, tags: true });
    expect(result.error).toBeUndefined();
    expect(result.output).toMatchObject({ remote: 'origin', fetched: true, exit_code: 0 });
    expect(outputOf(result).refspec).toBeUndefined();
    expect(outputOf(result).command).toEqual(
      expect.arrayContaining(['fetch', '--prune', '--tags', '--end-of-options', 'origin']),
    );
    expect(ws.git(['rev-parse', 'origin/main']).trim()).toBe(upstream);
    expect(ws.git(['tag', '--list'])).toBe('v1.0\n');
  });

  it('should fetch a refspec into a local ref', async () => {
    const upstream = await advanceRemote(ws);
    const result = await ws.run(tool, { refspec: 'main:refs/remotes/origin/copy' });
    expect(outputOf(result)).toMatchObject({
      refspec: 'main:refs/remotes/origin/copy',
      fetched: true,
    });
    expect(ws.git(['rev-parse', 'origin/copy']).trim()).toBe(upstream);
  });

  it('should refuse a remote outside allowed_git_remotes and a refspec outside the prefixes', async () => {
    expect(
      await appFailureOf(ws.run(tool, { remote: 'upstream' }, { allowed_git_remotes: 'origin' })),
    ).toEqual({
      code: 'policy_denied',
      message: 'remote outside allowlist',
    });
    expect(
      await appFailureOf(
        ws.run(tool, { refspec: 'main:refs/tags/x' }, { allowed_git_ref_prefixes: 'main' }),
      ),
    ).toEqual({
      code: 'policy_denied',
      message: 'refspec outside allowlist',
    });
  });

  it('should fail with git_repo_error for an unknown remote', async () => {
    const result = await ws.run(tool, { remote: 'nowhere' });
    expect(result.error?.code).toBe('git_repo_error');
    expect(outputOf(result)).toMatchObject({ fetched: false });
  });
});
