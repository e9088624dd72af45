import { jest } from '@jest/globals';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { GitFetchTool } from './fetch.tool.js';
import { GitPushTool } from './push.tool.js';
import { appFailureOf, outputOf } from '#app/testing';
import {
  createGitWorkspace,
  gitToolConfig,
  runGit,
  type GitWorkspace,
} from './testing/git-workspace.fixture.js';

jest.setTimeout(60_000);

/** Finding 5 of issue 11: a local remote is the session's own workspace or an allowlisted host path. */
describe('local remotes', () => {
  let ws: GitWorkspace;
  let other: string;

  beforeAll(async () => {
    ws = await createGitWorkspace();
    // Another repository on the host holding a secret commit (another tenant's workspace, say).
    other = join(ws.outside, 'other');
    await mkdir(other);
    runGit(['init', '-q'], other);
    await writeFile(join(other, 'secret.txt'), 'secret\n');
    runGit(['add', '.'], other);
    runGit(['commit', '-q', '-m', 'secret'], other);
  });

  afterAll(() => ws.cleanup());

  it('should refuse every spelling of a host path outside the allowlist, the allowlist being empty or not', async () => {
    const spellings = [
      other,
      `file://${other}`,
      '../outside/other',
      `${other}/.git`,
      `file://localhost${other}`,
      `file://${other.replace('/', '%2F')}`,
      '~/x.git',
      '~root/x.git',
      '~',
    ];
    for (const allowlist of [[], [join(ws.base, 'remote.git')]]) {
      const fetch = new GitFetchTool(gitToolConfig(allowlist));
      const push = new GitPushTool(gitToolConfig(allowlist));
      for (const remote of spellings) {
        expect(await appFailureOf(ws.run(fetch, { remote }))).toMatchObject({
          code: 'policy_denied',
        });
        expect(
          await appFailureOf(ws.run(push, { remote, refspec: 'main:refs/heads/stolen' })),
        ).toMatchObject({ code: 'policy_denied' });
      }
    }
    expect(runGit(['for-each-ref', '--format=%(refname)'], other)).not.toContain('stolen');
  });

  it('should refuse network remotes on internal hosts unless a URL entry allowlists them', async () => {
    const fetch = new GitFetchTool(gitToolConfig([]));
    ws.git(['config', 'url.http://169.254.169.254/.insteadOf', 'meta:']);
    for (const remote of [
      'http://127.0.0.1:6379/x',
      'git://2130706433/x',
      'ssh://git@[::1]/x',
      'localhost:repo',
      'git@10.1.2.3:r.git',
      'meta:latest',
    ]) {
      expect(await appFailureOf(ws.run(fetch, { remote }))).toEqual({
        code: 'policy_denied',
        message: 'remote host not allowed',
      });
    }
    const allowed = new GitFetchTool(gitToolConfig(['git://127.0.0.1:1']));
    const result = await ws.run(allowed, { remote: 'git://127.0.0.1:1/x' });
    expect(result.error?.code).not.toBe('policy_denied');
  });

  it('should accept a repository inside the workspace, but not one whose objects lead out of it', async () => {
    const fetch = new GitFetchTool(gitToolConfig([]));
    runGit(['clone', '-q', '--bare', ws.root, join(ws.root, 'inner.git')], ws.base);
    expect(
      outputOf(await ws.run(fetch, { remote: './inner.git', refspec: 'main:refs/heads/inner' })),
    ).toMatchObject({ fetched: true });

    await mkdir(join(ws.root, 'evil.git/objects/info'), { recursive: true });
    runGit(['init', '-q', '--bare', join(ws.root, 'evil.git')], ws.base);
    await writeFile(
      join(ws.root, 'evil.git/objects/info/alternates'),
      `${join(other, '.git/objects')}\n`,
    );
    expect(
      await appFailureOf(ws.run(fetch, { remote: 'evil.git', refspec: 'main:refs/heads/evil' })),
    ).toEqual({
      code: 'policy_denied',
      message: 'path escapes workspace',
    });

    await rm(join(ws.root, 'evil.git/objects'), { recursive: true });
    await symlink(join(other, '.git/objects'), join(ws.root, 'evil.git/objects'));
    expect(await appFailureOf(ws.run(fetch, { remote: './evil.git' }))).toMatchObject({
      code: 'policy_denied',
    });
    // A symlinked repository directory that leads out is a host path: not allowlisted.
    await symlink(other, join(ws.root, 'link'));
    expect(await appFailureOf(ws.run(fetch, { remote: 'link' }))).toEqual({
      code: 'policy_denied',
      message: 'remote outside allowlist',
    });
  });
});
