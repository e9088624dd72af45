import { jest } from '@jest/globals';

import { GitCheckoutTool } from './checkout.tool.js';
import { GitDiffTool } from './diff.tool.js';
import { GitFetchTool } from './fetch.tool.js';
import { GitLogTool } from './log.tool.js';
import { GitPullTool } from './pull.tool.js';
import { GitPushTool } from './push.tool.js';
import { GitShowTool } from './show.tool.js';
import { appFailureOf, outputOf } from '#app/testing';
import {
  createGitWorkspace,
  gitToolConfig,
  runGit,
  type GitWorkspace,
} from './testing/git-workspace.fixture.js';

jest.setTimeout(60_000);

/**
 * Finding 6 of issue 11: `allowed_git_ref_prefixes` holds on the full ref git resolves or writes,
 * not on a spelling of it. The repository has a branch `v1` and a tag `v1` (ambiguous), a tag
 * `v1.0`, and the remote a tag `release` as well.
 */
describe('allowed_git_ref_prefixes on what git resolves', () => {
  const heads = { allowed_git_ref_prefixes: 'refs/heads/' };
  const agent = { allowed_git_ref_prefixes: 'refs/heads/agent/' };
  let ws: GitWorkspace;
  let fetch: GitFetchTool;
  let pull: GitPullTool;
  let push: GitPushTool;
  const denied = (message: string) => ({ code: 'policy_denied', message });

  beforeAll(async () => {
    ws = await createGitWorkspace();
    const config = gitToolConfig([ws.base]);
    fetch = new GitFetchTool(config);
    pull = new GitPullTool(config);
    push = new GitPushTool(config);
    ws.git(['tag', 'v1.0', 'main']);
    ws.git(['tag', 'v1', 'main~1']);
    ws.git(['branch', 'v1', 'main']);
    ws.git(['fetch', '-q', 'origin']);
    runGit(['tag', 'release', 'main'], ws.remotePath);
  });

  afterAll(() => ws.cleanup());

  it.each([
    ['refs/tags/v1.0'],
    ['v1.0'],
    ['v1'],
    ['refs/heads/../tags/v1.0'],
    ['@{-1}'],
    ['FETCH_HEAD'],
    ['ORIG_HEAD'],
    ['main@{1}'],
    ['main^{tree}'],
    ['v1.0~1'],
    ['origin/main'],
  ])('should refuse git.checkout of %s under refs/heads/', async (ref) => {
    expect(await appFailureOf(ws.run(new GitCheckoutTool(), { ref }, heads))).toEqual(
      denied('ref outside allowlist'),
    );
  });

  it('should still check out a branch, an ancestor of one and HEAD under refs/heads/', async () => {
    expect((await ws.run(new GitCheckoutTool(), { ref: 'feature' }, heads)).error).toBeUndefined();
    expect(
      (await ws.run(new GitCheckoutTool(), { ref: 'refs/heads/main' }, heads)).error,
    ).toBeUndefined();
    expect((await ws.run(new GitCheckoutTool(), { ref: 'main~1' }, heads)).error).toBeUndefined();
    expect((await ws.run(new GitCheckoutTool(), { ref: 'HEAD' }, heads)).error).toBeUndefined();
    expect((await ws.run(new GitCheckoutTool(), { ref: 'main' }, heads)).error).toBeUndefined();
  });

  it('should check a new branch as the refs/heads/<name> git writes, and the start point as resolved', async () => {
    expect(
      await appFailureOf(ws.run(new GitCheckoutTool(), { ref: 'x', create: true }, agent)),
    ).toEqual(denied('ref outside allowlist'));
    expect(
      await appFailureOf(
        ws.run(
          new GitCheckoutTool(),
          { ref: 'agent/x', create: true, start_point: 'v1.0' },
          {
            allowed_git_ref_prefixes: 'refs/heads/agent/,refs/heads/main',
          },
        ),
      ),
    ).toEqual(denied('start_point outside allowlist'));
    const created = await ws.run(
      new GitCheckoutTool(),
      { ref: 'agent/x', create: true, start_point: 'refs/heads/main' },
      {
        allowed_git_ref_prefixes: 'refs/heads/agent/,refs/heads/main',
      },
    );
    expect(outputOf(created)).toMatchObject({ created: true });
    ws.git(['checkout', '-q', 'main']);
  });

  it('should refuse log, show and diff of refs outside the prefixes however spelled', async () => {
    for (const ref of ['refs/tags/v1.0', 'v1', 'FETCH_HEAD', '@{-1}']) {
      expect(await appFailureOf(ws.run(new GitLogTool(), { ref }, heads))).toEqual(
        denied('ref outside allowlist'),
      );
      expect(await appFailureOf(ws.run(new GitShowTool(), { ref }, heads))).toEqual(
        denied('ref outside allowlist'),
      );
      expect(await appFailureOf(ws.run(new GitDiffTool(), { base: ref }, heads))).toEqual(
        denied('base outside allowlist'),
      );
    }
    expect((await ws.run(new GitLogTool(), { ref: 'main~1' }, heads)).error).toBeUndefined();
  });

  it('should check both fetch sides as full names and write nothing else', async () => {
    const refusals = [
      'main:tags/x',
      'main:refs/tags/x',
      'refs/tags/release:x',
      '+main:remotes/x',
      'FETCH_HEAD:x',
      'main~1:x',
    ];
    for (const refspec of refusals) {
      expect(await appFailureOf(ws.run(fetch, { refspec }, heads))).toEqual(
        denied('refspec outside allowlist'),
      );
    }
    expect(await appFailureOf(ws.run(fetch, {}, heads))).toEqual(
      denied('refspec outside allowlist'),
    );
    expect(await appFailureOf(ws.run(fetch, { refspec: 'main:y', tags: true }, heads))).toEqual(
      denied('refspec outside allowlist'),
    );
    const fetched = await ws.run(fetch, { refspec: 'main:copy' }, heads);
    expect(outputOf(fetched)).toMatchObject({
      fetched: true,
      command: expect.arrayContaining(['refs/heads/main:refs/heads/copy', '--no-tags']),
    });
    // A short source names a branch: the remote's tag `release` is not what git fetches.
    const release = await ws.run(fetch, { refspec: 'release:release' }, heads);
    expect(outputOf(release)).toMatchObject({
      fetched: false,
      command: expect.arrayContaining(['refs/heads/release:refs/heads/release']),
    });
    expect(
      ws.git(['for-each-ref', '--format=%(refname)', 'refs/tags/release', 'refs/heads/release']),
    ).toBe('');
  });

  it('should write a pushed short destination as a branch, never as a same-named remote tag', async () => {
    expect(await appFailureOf(ws.run(push, { refspec: 'v1.0' }, heads))).toEqual(
      denied('refspec outside allowlist'),
    );
    expect(await appFailureOf(ws.run(push, { refspec: 'v1' }, heads))).toEqual(
      denied('refspec outside allowlist'),
    );
    expect(await appFailureOf(ws.run(push, { refspec: 'main:refs/tags/x' }, heads))).toEqual(
      denied('refspec outside allowlist'),
    );
    expect(await appFailureOf(ws.run(push, {}, heads))).toEqual(
      denied('refspec outside allowlist'),
    );
    expect(await appFailureOf(ws.run(push, { refspec: 'HEAD' }, agent))).toEqual(
      denied('refspec outside allowlist'),
    );
    const tagBefore = runGit(['rev-parse', 'refs/tags/release'], ws.remotePath);
    const pushed = await ws.run(push, { refspec: 'feature:release' }, heads);
    expect(outputOf(pushed)).toMatchObject({
      pushed: true,
      command: expect.arrayContaining(['feature:refs/heads/release']),
    });
    expect(runGit(['rev-parse', 'refs/tags/release'], ws.remotePath)).toBe(tagBefore);
    expect(runGit(['rev-parse', 'refs/heads/release'], ws.remotePath)).toBe(
      ws.git(['rev-parse', 'feature']),
    );
  });

  it('should refuse a pull that would move a current branch outside the prefixes', async () => {
    expect(await appFailureOf(ws.run(pull, { refspec: 'agent/main' }, agent))).toEqual(
      denied('ref outside allowlist'),
    );
    expect(
      await appFailureOf(
        ws.run(pull, { refspec: 'main' }, { allowed_git_ref_prefixes: 'refs/heads/feature' }),
      ),
    ).toEqual(denied('refspec outside allowlist'));
    ws.git(['checkout', '-q', 'feature']);
    expect(
      (
        await ws.run(
          pull,
          { refspec: 'feature' },
          { allowed_git_ref_prefixes: 'refs/heads/feature' },
        )
      ).error,
    ).toBeUndefined();
    ws.git(['checkout', '-q', 'main']);
    expect(
      await appFailureOf(
        ws.run(pull, { refspec: 'feature' }, { allowed_git_ref_prefixes: 'refs/heads/feature' }),
      ),
    ).toEqual(denied('ref outside allowlist'));
  });
});
