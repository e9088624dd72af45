import { GitBranchListTool } from './branch-list.tool.js';
import { outputOf } from '#app/testing';
import { createGitWorkspace, type GitWorkspace } from './testing/git-workspace.fixture.js';

describe('GitBranchListTool', () => {
  const tool = new GitBranchListTool();
  let ws: GitWorkspace;

  beforeEach(async () => {
    ws = await createGitWorkspace();
  });

  afterEach(() => ws.cleanup());

  it('should list local branches with upstream, commit and the current marker', async () => {
    const result = await ws.run(tool, {});
    expect(result.error).toBeUndefined();
    expect(outputOf(result)).toMatchObject({
      count: 2,
      branches: [
        {
          name: 'feature',
          upstream: '',
          commit: ws.git(['rev-parse', 'feature']).trim(),
          current: false,
        },
        {
          name: 'main',
          upstream: 'origin/main',
          commit: ws.git(['rev-parse', 'main']).trim(),
          current: true,
        },
      ],
      exit_code: 0,
    });
  });

  it('should list remote-tracking branches with remotes and everything with all', async () => {
    const remotes = outputOf(await ws.run(tool, { remotes: true }));
    expect((remotes.branches as Array<{ name: string }>).map((branch) => branch.name)).toEqual([
      'origin/feature',
      'origin/main',
    ]);
    expect(remotes.command).toContain('-r');
    const all = outputOf(await ws.run(tool, { all: true, remotes: true }));
    expect(all.count).toBe(4);
    expect(all.command).toContain('-a');
    expect(all.command).not.toContain('-r');
  });
});
