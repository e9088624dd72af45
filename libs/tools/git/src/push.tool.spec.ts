import { access, chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { isLocalUrl } from './git-remote.js';
import { GitPushTool } from './push.tool.js';
import { appFailureOf, outputOf } from '#app/testing';
import {
  createGitWorkspace,
  runGit,
  type GitWorkspace,
  gitToolConfig,
} from './testing/git-workspace.fixture.js';

describe('GitPushTool', () => {
  let tool: GitPushTool;
  let ws: GitWorkspace;

  beforeEach(async () => {
    ws = await createGitWorkspace();
    tool = new GitPushTool(gitToolConfig([ws.base]));
    ws.git(['checkout', '-q', '-b', 'topic']);
    await writeFile(join(ws.root, 'topic.txt'), 'topic\n');
    ws.git(['add', '.']);
    ws.git(['commit', '-q', '-m', 'topic work']);
  });

  afterEach(() => ws.cleanup());

  it('should push a refspec to origin and set the upstream', async () => {
    const result = await ws.run(tool, { refspec: 'topic', set_upstream: true });
    expect(result.error).toBeUndefined();
    expect(result.output).toMatchObject({
      remote: 'origin',
      refspec: 'topic',
      pushed: true,
      exit_code: 0,
    });
    expect(outputOf(result).command).toEqual(
      expect.arrayContaining(['push', '--set-upstream', '--end-of-options', 'origin', 'topic']),
    );
    expect(runGit(['rev-parse', 'topic'], ws.remotePath)).toBe(ws.git(['rev-parse', 'topic']));
    expect(ws.git(['rev-parse', '--abbrev-ref', 'topic@{upstream}']).trim()).toBe('origin/topic');
    expect(result.logs).toHaveLength(1);
  });

  it('should run no hook of a local target repository', async () => {
    const marker = join(ws.outside, 'pwned');
    for (const hook of ['pre-receive', 'update', 'post-receive']) {
      await writeFile(join(ws.remotePath, 'hooks', hook), `#!/bin/sh\ntouch '${marker}'\nexit 1\n`);
      await chmod(join(ws.remotePath, 'hooks', hook), 0o755);
    }
    const result = await ws.run(tool, { refspec: 'topic' });
    expect(outputOf(result)).toMatchObject({ pushed: true });
    await expect(access(marker)).rejects.toThrow();
  });

  it('should report execution_failed with pushed false when the push is rejected', async () => {
    const result = await ws.run(tool, { refspec: 'main:feature' });
    expect(result.error?.code).toBe('execution_failed');
    expect(outputOf(result)).toMatchObject({
      pushed: false,
      output: expect.stringContaining('rejected'),
    });
  });

  it('should push with force_with_lease when asked', async () => {
    const result = await ws.run(tool, { refspec: 'main:feature', force_with_lease: true });
    expect(outputOf(result)).toMatchObject({
      pushed: true,
      command: expect.arrayContaining(['--force-with-lease']),
    });
  });

  it('should refuse remotes and refspec sides that start with a dash or contain whitespace', async () => {
    expect(await appFailureOf(ws.run(tool, { remote: '--receive-pack=touch x' }))).toEqual({
      code: 'invalid_argument',
      message: 'remote must not start with "-" or contain whitespace or control characters',
    });
    for (const refspec of ['-x', 'main:-x', '+-x', 'a\tb']) {
      expect(await appFailureOf(ws.run(tool, { refspec }))).toEqual({
        code: 'invalid_argument',
        message: 'refspec must not start with "-" or contain whitespace or control characters',
      });
    }
  });

  it('should enforce allowed_git_remotes and allowed_git_ref_prefixes on both refspec sides', async () => {
    expect(
      await appFailureOf(ws.run(tool, { remote: ws.remoteUrl }, { allowed_git_remotes: 'origin' })),
    ).toEqual({
      code: 'policy_denied',
      message: 'remote outside allowlist',
    });
    const prefixes = {
      allowed_git_remotes: 'origin, upstream',
      allowed_git_ref_prefixes: 'topic,refs/heads/agent/',
    };
    expect(await appFailureOf(ws.run(tool, { refspec: 'topic:main' }, prefixes))).toEqual({
      code: 'policy_denied',
      message: 'refspec outside allowlist',
    });
    expect(await appFailureOf(ws.run(tool, { refspec: 'main' }, prefixes))).toMatchObject({
      message: 'refspec outside allowlist',
    });
    expect(outputOf(await ws.run(tool, { refspec: '+topic:agent/topic' }, prefixes))).toMatchObject(
      { pushed: true },
    );
    expect(runGit(['rev-parse', 'agent/topic'], ws.remotePath)).toBe(
      ws.git(['rev-parse', 'topic']),
    );
  });

  it('should tell local transports from network ones the way git does', () => {
    expect(
      ['file:///srv/r.git', '/srv/r.git', '../r.git', 'r.git', './a:b'].every(isLocalUrl),
    ).toBe(true);
    expect(
      ['https://h/r.git', 'ssh://h/r', 'git@github.com:o/r.git', 'host:r'].some(isLocalUrl),
    ).toBe(false);
  });
});
