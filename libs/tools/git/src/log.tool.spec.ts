import { GitLogTool, parseLog } from './log.tool.js';
import { appFailureOf, outputOf } from '#app/testing';
import { createGitWorkspace, type GitWorkspace } from './testing/git-workspace.fixture.js';

describe('GitLogTool', () => {
  const tool = new GitLogTool();
  let ws: GitWorkspace;

  beforeEach(async () => {
    ws = await createGitWorkspace();
  });

  afterEach(() => ws.cleanup());

  it('should list commits newest first with parents and ISO dates', async () => {
    const result = await ws.run(tool, {});
    expect(result.error).toBeUndefined();
    const output = outputOf(result);
    const head = ws.git(['rev-parse', 'HEAD']).trim();
    const root = ws.git(['rev-parse', 'HEAD~1']).trim();
    expect(output).toMatchObject({ ref: 'HEAD', count: 2, exit_code: 0 });
    expect(output.entries).toEqual([
      {
        hash: head,
        author_name: 'Fixture Author',
        author_email: 'fixture@example.com',
        date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/),
        subject: 'add app',
        parents: [root],
      },
      expect.objectContaining({ hash: root, subject: 'initial commit', parents: [] }),
    ]);
    expect(output.command).toEqual(
      expect.arrayContaining(['-n', '20', '--date=iso-strict', '--end-of-options', 'HEAD', '--']),
    );
    expect(result.logs).toHaveLength(1);
  });

  it('should honour ref and max_count', async () => {
    const output = outputOf(await ws.run(tool, { ref: 'feature', max_count: 1 }));
    expect(output).toMatchObject({ ref: 'feature', count: 1 });
    expect((output.entries as Array<{ subject: string }>)[0]?.subject).toBe('feature work');
  });

  it('should refuse an unsafe ref and a ref outside the allowlist', async () => {
    expect(await appFailureOf(ws.run(tool, { ref: '--output=/tmp/x' }))).toMatchObject({
      code: 'invalid_argument',
    });
    expect(
      await appFailureOf(ws.run(tool, { ref: 'feature' }, { allowed_git_ref_prefixes: 'main' })),
    ).toEqual({
      code: 'policy_denied',
      message: 'ref outside allowlist',
    });
    expect(outputOf(await ws.run(tool, {}, { allowed_git_ref_prefixes: 'main' }))).toMatchObject({
      count: 2,
    });
    expect(
      outputOf(
        await ws.run(
          tool,
          { ref: 'origin/main' },
          { allowed_git_ref_prefixes: 'refs/remotes/origin/' },
        ),
      ),
    ).toMatchObject({
      count: 2,
    });
  });

  it('should fail with git_repo_error and no entries for an unknown ref', async () => {
    const result = await ws.run(tool, { ref: 'missing' });
    expect(result.error?.code).toBe('git_repo_error');
    expect(outputOf(result)).toMatchObject({ count: 0, entries: [], exit_code: 128 });
  });

  it('should drop a record cut by the output cap', () => {
    const record = ['h1', 'n', 'e', 'd', 's', 'p1 p2'].join('\u001f');
    expect(parseLog(`${record}\u001e\nh2\u001fn\n[output truncated]`)).toEqual([
      {
        hash: 'h1',
        author_name: 'n',
        author_email: 'e',
        date: 'd',
        subject: 's',
        parents: ['p1', 'p2'],
      },
    ]);
  });
});
