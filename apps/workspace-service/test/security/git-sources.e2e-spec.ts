import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { jest } from '@jest/globals';

import { startTestApp, type TestApp } from '../support/test-app.js';

// The sandboxed variant runs every git command under bubblewrap on a shared 2-core machine.
jest.setTimeout(120_000);

const git = (cwd: string, ...args: string[]): string =>
  execFileSync(
    'git',
    [
      '-c',
      'user.name=t',
      '-c',
      'user.email=t@example.com',
      '-c',
      'init.defaultBranch=main',
      ...args,
    ],
    {
      cwd,
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' },
      encoding: 'utf8',
    },
  );

function objectFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/**
 * Findings 3, 4 and 5 of issue 11 over HTTP, with the bubblewrap sandbox on (`auto`: bwrap is
 * installed here) and off: allowlisted local sources and remotes work, every other host path is
 * refused, hostile repository config runs nothing, a local clone shares no inode with its source.
 */
describe.each(['auto', 'off'])(
  'git sources and remotes (WORKSPACE_LOCAL_SANDBOX=%s)',
  (sandbox) => {
    const principal = { tenant_id: 'acme', actor_id: 'agent', roles: ['platform_admin'] };
    let t: TestApp;
    let fixtures: string;
    let source: string;
    let remote: string;
    let victim: string;
    let marker: string;
    const invoke = (session: string, tool: string, args: Record<string, unknown>) =>
      t.request('POST', `/v1/sessions/${session}/tools/${tool}/invoke`, {
        body: { approved: true, args },
      });
    const create = async (body: Record<string, unknown>, who = principal) =>
      t.request('POST', '/v1/sessions', { body: { principal: who, ...body } });

    beforeAll(async () => {
      fixtures = realpathSync(mkdtempSync(join(tmpdir(), 'wes-git-sources-')));
      source = join(fixtures, 'allowed/source');
      remote = join(fixtures, 'allowed/remote.git');
      victim = join(fixtures, 'outside/victim.git');
      marker = join(fixtures, 'ran');
      mkdirSync(source, { recursive: true });
      mkdirSync(join(fixtures, 'outside'));
      git(source, 'init', '-q');
      writeFileSync(join(source, 'README.md'), 'one\n');
      git(source, 'add', '.');
      git(source, 'commit', '-qm', 'one');
      writeFileSync(join(source, 'README.md'), 'two\n');
      git(source, 'commit', '-qam', 'two');
      // The remote already has the history: a shallow clone can only push on top of it.
      git(fixtures, 'clone', '-q', '--bare', source, remote);
      git(fixtures, 'init', '-q', '--bare', victim);
      t = await startTestApp({
        WORKSPACE_LOCAL_SANDBOX: sandbox,
        WORKSPACE_SOURCE_REPO_ALLOWLIST: join(fixtures, 'allowed'),
        LOG_LEVEL: 'error',
      });
    });

    afterAll(async () => {
      await t.close();
      rmSync(fixtures, { recursive: true, force: true });
    });

    it('should clone an allowlisted local repository shallowly, without hard links into the source', async () => {
      const created = await create({ repo_url: source });
      expect(created.status).toBe(201);
      const workspace = created.body.session.workspace_path as string;
      expect(readFileSync(join(workspace, 'README.md'), 'utf8')).toBe('two\n');
      expect(existsSync(join(workspace, '.git/shallow'))).toBe(true);
      const sourceInodes = new Set(
        objectFiles(join(source, '.git/objects')).map((file) => statSync(file).ino),
      );
      for (const file of objectFiles(join(workspace, '.git/objects'))) {
        expect(statSync(file).nlink).toBe(1);
        expect(sourceInodes.has(statSync(file).ino)).toBe(false);
      }
      // Overwriting every object through the clone (as fs.write_file would) leaves the source intact.
      const id = created.body.session.id as string;
      const objects = objectFiles(join(workspace, '.git/objects')).map((file) =>
        file.slice(workspace.length + 1),
      );
      for (const path of objects.filter((path) => !path.includes('/info/'))) {
        const written = await invoke(id, 'fs.write_file', { path, content: 'overwritten' });
        expect(written.status).toBe(200);
      }
      expect(git(source, 'fsck', '--no-dangling')).toBe('');
      expect(git(source, 'log', '--format=%s')).toBe('two\none\n');
    });

    it('should report a failing clone of an allowed source with git message, not as internal', async () => {
      const failed = await create({ repo_url: `file://${source}`, repo_ref: 'no-such-branch' });
      expect(failed.status).toBe(500);
      expect(failed.body.error.code).toBe('execution_failed');
      expect(failed.body.error.message).toMatch(/^git clone failed: .*no-such-branch/s);
    });

    it('should push to and fetch from an allowlisted local remote', async () => {
      const id = (await create({ repo_url: source })).body.session.id as string;
      const pushed = await invoke(id, 'git.push', { remote, refspec: 'main:refs/heads/agent' });
      expect(pushed.status).toBe(200);
      expect(pushed.body.invocation.output).toMatchObject({ pushed: true });
      expect(git(remote, 'rev-parse', 'agent').trim()).toBe(
        git(source, 'rev-parse', 'main').trim(),
      );
      const fetched = await invoke(id, 'git.fetch', {
        remote: `file://${remote}`,
        refspec: 'agent:refs/heads/copy',
      });
      expect(fetched.status).toBe(200);
      expect(fetched.body.invocation.output).toMatchObject({ fetched: true });
    });

    it('should refuse another tenant workspace and any non-allowlisted host path as a remote, however spelled', async () => {
      const other = await create(
        { repo_url: source },
        { tenant_id: 'victim-co', actor_id: 'v', roles: ['developer'] },
      );
      const otherWorkspace = other.body.session.workspace_path as string;
      const id = (await create({ repo_url: source })).body.session.id as string;
      const mine = (await t.request('GET', `/v1/sessions/${id}`)).body.session
        .workspace_path as string;
      const relative = join('..', '..', '..', 'victim-co', other.body.session.id as string, 'repo');
      expect(existsSync(join(mine, relative))).toBe(true);
      for (const target of [
        otherWorkspace,
        `file://${otherWorkspace}`,
        relative,
        victim,
        `file://${victim}`,
        `${victim}/`,
        `${join(fixtures, 'outside')}/../outside/victim.git`,
      ]) {
        for (const tool of ['git.fetch', 'git.pull', 'git.push']) {
          const response = await invoke(id, tool, { remote: target, refspec: 'main' });
          expect([
            response.status,
            response.body.error?.code,
            response.body.error?.message,
          ]).toEqual([403, 'policy_denied', 'remote outside allowlist']);
        }
      }
      expect(git(victim, 'for-each-ref')).toBe('');
    });

    it('should refuse a configured remote or an insteadOf rewrite that leads to a host path', async () => {
      const id = (await create({ repo_url: source })).body.session.id as string;
      const config = `[remote "evil"]\n\turl = ${victim}\n[url "${join(fixtures, 'outside')}/"]\n\tinsteadOf = gh:\n[remote "helper"]\n\turl = ext::sh\n`;
      const session = (await t.request('GET', `/v1/sessions/${id}`)).body.session;
      appendFileSync(join(session.workspace_path, '.git/config'), config);
      for (const [tool, target] of [
        ['git.push', 'evil'],
        ['git.fetch', 'evil'],
        ['git.push', 'gh:victim.git'],
        ['git.pull', 'gh:victim.git'],
        ['git.fetch', 'gh:missing.git'],
      ]) {
        const response = await invoke(id, tool, { remote: target, refspec: 'main' });
        expect(response.body.error).toMatchObject({
          code: 'policy_denied',
          message: 'remote outside allowlist',
        });
      }
      const helper = await invoke(id, 'git.fetch', { remote: 'helper' });
      expect(helper.body.error).toMatchObject({
        code: 'policy_denied',
        message: 'remote transport not allowed',
      });
      expect(git(victim, 'for-each-ref')).toBe('');
      expect(existsSync(marker)).toBe(false);
    });

    it('should run no command from a .git/config written through fs.write_file', async () => {
      const id = (await create({ repo_url: source })).body.session.id as string;
      const run = `sh -c 'echo ran >> ${marker}; exec git-upload-pack "$@"' --`;
      const hostile =
        `[core]\n\trepositoryformatversion = 0\n\tbare = false\n\tsshCommand = touch ${marker}\n` +
        `[remote "origin"]\n\turl = ${source}\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n\tuploadpack = ${run}\n` +
        `[credential]\n\thelper = !touch ${marker}\n[diff "x"]\n\ttextconv = touch ${marker}\n`;
      const written = await invoke(id, 'fs.write_file', { path: '.git/config', content: hostile });
      expect(written.status).toBe(200);
      const fetched = await invoke(id, 'git.fetch', { remote: 'origin' });
      expect(fetched.body.invocation.output).toMatchObject({
        fetched: true,
        command: expect.arrayContaining(['--upload-pack=git-upload-pack']),
      });
      const pulled = await invoke(id, 'git.pull', { remote: 'origin', refspec: 'main' });
      expect(pulled.body.invocation.output).toMatchObject({ pulled: true });
      expect(existsSync(marker)).toBe(false);
    });
  },
);
