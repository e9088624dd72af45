import { jest } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chmod, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { JsonObject } from '#app/contracts';
import type { ToolHandler, ToolResult } from '#app/tool-registry';
import { GitApplyPatchTool } from './apply-patch.tool.js';
import { GitBranchListTool } from './branch-list.tool.js';
import { GitCheckoutTool } from './checkout.tool.js';
import { GitCommitTool } from './commit.tool.js';
import { GitDiffTool } from './diff.tool.js';
import { GitFetchTool } from './fetch.tool.js';
import { GitLogTool } from './log.tool.js';
import { GitPullTool } from './pull.tool.js';
import { GitPushTool } from './push.tool.js';
import { GitShowTool } from './show.tool.js';
import { GitStatusTool } from './status.tool.js';
import { appFailureOf } from '#app/testing';
import {
  createGitWorkspace,
  runGit,
  gitToolConfig,
  type GitWorkspace,
} from './testing/git-workspace.fixture.js';

const PATCH =
  '--- a/README.md\n+++ b/README.md\n@@ -1,2 +1,2 @@\n-Hello\n+Hello, patched\n line two\n';

/**
 * Finding 3 of issue 11: a hostile repository config (written through fs.write_file or a patch)
 * must run nothing. Each key is set in `.git/config` with a command that appends its name to a
 * marker file; every tool that could trigger it runs; the marker must stay absent.
 */
jest.setTimeout(60_000);

describe('hostile repository config', () => {
  let ws: GitWorkspace;
  let marker: string;
  let evil: string;
  let pristineConfig: string;
  let http: Server;
  let httpUrl: string;
  let tools: Record<string, ToolHandler>;

  beforeAll(async () => {
    ws = await createGitWorkspace();
    marker = join(ws.outside, 'ran');
    evil = join(ws.outside, 'evil.sh');
    await writeFile(evil, `#!/bin/sh\necho "$0 $*" >> '${marker}'\ncat\n`);
    await chmod(evil, 0o755);
    await writeFile(join(ws.root, '.git/info/attributes'), '* filter=evil diff=evil merge=evil\n');
    ws.git(['config', 'user.name', 'Fixture']);
    ws.git(['config', 'user.email', 'fixture@example.com']);
    // Asks for credentials on every request: credential helpers and askpass programs would run.
    http = createServer((_request, response) => {
      response.writeHead(401, { 'WWW-Authenticate': 'Basic realm="x"' }).end();
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    httpUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}/r.git`;
    ws.git(['remote', 'add', 'web', httpUrl]);
    ws.git(['remote', 'add', 'sshr', 'ssh://git@127.0.0.1:1/r.git']);
    ws.git(['remote', 'add', 'gitr', 'git://127.0.0.1:1/r.git']);
    pristineConfig = await readFile(join(ws.root, '.git/config'), 'utf8');
    // The loopback remotes are internal hosts: allowlisted so the transports really run.
    const config = gitToolConfig([
      ws.base,
      httpUrl.replace('/r.git', ''),
      'ssh://127.0.0.1:1',
      'git://127.0.0.1:1',
    ]);
    tools = {
      status: new GitStatusTool(),
      diff: new GitDiffTool(),
      show: new GitShowTool(),
      log: new GitLogTool(),
      branch: new GitBranchListTool(),
      apply: new GitApplyPatchTool(),
      commit: new GitCommitTool(),
      checkout: new GitCheckoutTool(),
      fetch: new GitFetchTool(config),
      pull: new GitPullTool(config),
      push: new GitPushTool(config),
    };
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => http.close(() => resolve()));
    await ws.cleanup();
  });

  afterEach(async () => {
    await writeFile(join(ws.root, '.git/config'), pristineConfig);
    await rm(marker, { force: true });
  });

  const command = (key: string): string => `'${evil}' ${key}`;
  const ranCommands = (): Promise<string> => readFile(marker, 'utf8').catch(() => '');
  const run = (name: string, args: JsonObject = {}): Promise<ToolResult> =>
    ws.run(tools[name], args).catch((error: unknown) => ({
      output: { refused: String(error) },
    }));
  const steps: Record<string, () => Promise<unknown>> = {
    status: async () => {
      await writeFile(join(ws.root, 'README.md'), 'Hello, changed\nline two\n');
      await run('status');
      await run('status', { short: false });
    },
    diff: () => run('diff').then(() => run('diff', { staged: true, base: 'HEAD~1' })),
    show: () => run('show'),
    log: () => run('log'),
    branch: () => run('branch', { all: true }),
    commit: async () => {
      await writeFile(join(ws.root, 'README.md'), `Hello ${Date.now()}\nline two\n`);
      await run('commit', { message: 'hostile', all: true });
    },
    checkout: () =>
      run('checkout', { ref: 'feature' }).then(() => run('checkout', { ref: 'main' })),
    apply: () => run('apply', { patch: PATCH, check: true }),
    fetch: () => run('fetch'),
    fetchWeb: () => run('fetch', { remote: 'web' }),
    fetchSsh: () => run('fetch', { remote: 'sshr' }),
    pull: async () => {
      await advanceOrigin();
      await run('pull', { refspec: 'main' });
      await advanceOrigin();
      await run('pull', { refspec: 'main', rebase: true });
    },
    push: () => run('push', { refspec: 'main' }),
    pushWeb: () => run('push', { remote: 'web', refspec: 'main' }),
    pushSsh: () => run('push', { remote: 'sshr', refspec: 'main' }),
  };
  let pushes = 0;
  // Another developer changes README.md upstream: merges and rebases touch a file with drivers.
  const advanceOrigin = async (): Promise<void> => {
    const clone = join(ws.base, `clone-${++pushes}`);
    runGit(['clone', '-q', ws.remoteUrl, clone], ws.base);
    await writeFile(join(clone, 'README.md'), `Hello from upstream ${pushes}\nline two\n`);
    runGit(['commit', '-q', '-am', `upstream ${pushes}`], clone);
    runGit(['push', '-q', 'origin', 'main'], clone);
    await rm(clone, { recursive: true, force: true });
  };
  const LOCAL = ['status', 'diff', 'show', 'log', 'branch', 'commit', 'checkout', 'apply'];
  const REMOTE = ['fetch', 'fetchWeb', 'fetchSsh', 'pull', 'push', 'pushWeb', 'pushSsh'];

  // key, where it would run; every case also commits with signing switched on in the repository.
  const commandKeys: Array<[string, string[]]> = [
    ['remote.origin.uploadpack', ['fetch', 'pull']],
    ['remote.origin.receivepack', ['push']],
    ['remote.web.uploadpack', ['fetchWeb']],
    ['core.sshCommand', ['fetchSsh', 'pushSsh']],
    ['credential.helper', ['fetchWeb', 'pushWeb']],
    ['credential.http://127.0.0.1.helper', ['fetchWeb', 'pushWeb']],
    ['core.askPass', ['fetchWeb', 'pushWeb']],
    ['diff.evil.textconv', ['diff', 'show', 'log', 'pull']],
    ['diff.evil.command', ['diff', 'show', 'log']],
    ['diff.external', ['diff', 'show', 'log', 'pull']],
    ['filter.evil.clean', LOCAL],
    ['filter.evil.smudge', [...LOCAL, 'pull']],
    ['filter.evil.process', [...LOCAL, 'pull']],
    ['merge.evil.driver', ['pull']],
    ['core.pager', ['status', 'diff', 'log', 'branch']],
    ['pager.log', ['log']],
    ['pager.status', ['status']],
    ['core.editor', ['commit', 'pull']],
    ['sequence.editor', ['pull']],
    ['gpg.program', ['commit', 'log', 'show', 'pull']],
    ['gpg.openpgp.program', ['commit', 'log']],
    ['gpg.ssh.program', ['commit', 'log']],
    ['gpg.x509.program', ['commit', 'log']],
    ['gpg.ssh.defaultKeyCommand', ['commit']],
    ['core.fsmonitor', LOCAL],
    ['core.alternateRefsCommand', REMOTE],
    ['trailer.sign.command', ['commit']],
    ['submodule.sub.update', ['checkout', 'pull']],
  ];

  it('should see the marker when plain git runs such a config (control for the cases below)', async () => {
    ws.git(['config', 'remote.origin.uploadpack', `echo control >> '${marker}'; git-upload-pack`]);
    ws.git([
      'config',
      'diff.evil.textconv',
      `sh -c 'echo control-textconv >> "${marker}"; cat "$1"' -`,
    ]);
    ws.git(['fetch', '-q', 'origin']);
    ws.git(['log', '-p', '-1']);
    expect(await ranCommands()).toContain('control');
    expect(await ranCommands()).toContain('control-textconv');
  });

  it.each(commandKeys)('should run nothing when the repository sets %s', async (key, where) => {
    const value =
      key.startsWith('credential.') || key.startsWith('submodule.')
        ? `!${command(key)}`
        : command(key);
    ws.git(['config', key, value]);
    // Make the signing paths live: the service must switch them off again.
    ws.git(['config', 'commit.gpgSign', 'true']);
    if (key.startsWith('gpg.ssh') || key === 'gpg.x509.program') {
      ws.git(['config', 'gpg.format', key.startsWith('gpg.ssh') ? 'ssh' : 'x509']);
    }
    ws.git(['config', 'filter.evil.required', 'true']);
    for (const step of where) {
      await steps[step]();
    }
    await steps['commit']?.();
    expect(await ranCommands()).toBe('');
  });

  it('should run no git proxy (core.gitProxy runs its value without a shell)', async () => {
    ws.git(['config', 'core.gitProxy', evil]);
    ws.git(['config', '--add', 'core.gitProxy', `${evil} for 127.0.0.1`]);
    await run('fetch', { remote: 'gitr' });
    await run('pull', { remote: 'gitr', refspec: 'main' });
    expect(await ranCommands()).toBe('');
  });

  it('should refuse a remote-helper transport however it is spelled, even when the repository allows it', async () => {
    ws.git(['config', 'protocol.allow', 'always']);
    ws.git(['config', 'protocol.ext.allow', 'always']);
    ws.git(['config', 'protocol.fd.allow', 'always']);
    ws.git(['config', 'remote.extr.url', `ext::${evil} %S`]);
    ws.git(['config', `url.ext::${evil} %S #.insteadOf`, 'sneaky:']);
    ws.git(['config', 'remote.vcsr.url', `${evil}`]);
    ws.git(['config', 'remote.vcsr.vcs', 'ext']);
    for (const remote of ['extr', 'sneaky:x', `ext::${evil}`, 'fd::3', 'vcsr']) {
      for (const name of ['fetch', 'pull', 'push']) {
        await run(name, { remote, refspec: 'main' });
      }
    }
    expect(await appFailureOf(ws.run(tools['fetch'], { remote: 'sneaky:x' }))).toEqual({
      code: 'policy_denied',
      message: 'remote transport not allowed',
    });
    expect(await ranCommands()).toBe('');
  });

  it('should refuse a repository config that includes another file', async () => {
    const included = join(ws.outside, 'included.config');
    await writeFile(included, `[core]\n\tsshCommand = ${command('included')}\n`);
    ws.git(['config', 'include.path', included]);
    expect(await appFailureOf(ws.run(tools['status'], {}))).toEqual({
      code: 'policy_denied',
      message: 'repository config key not allowed: include.path',
    });
    await writeFile(join(ws.root, '.git/config'), pristineConfig);
    ws.git(['config', `includeIf.gitdir:/.path`, included]);
    expect(await appFailureOf(ws.run(tools['fetch'], { remote: 'sshr' }))).toMatchObject({
      code: 'policy_denied',
    });
    expect(await ranCommands()).toBe('');
  });
});
