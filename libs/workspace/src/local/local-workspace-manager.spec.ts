import { execFileSync } from 'node:child_process';
import {
  access,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  stat,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Principal } from '#app/contracts';
import { AppException } from '#app/errors';

import type { WorkspaceCreateRequest } from '../workspace-manager.port.js';
import { LocalCommandRunner } from './local-command-runner.js';
import { LocalWorkspaceManager, WORKSPACE_ROOT_ID_FILE } from './local-workspace-manager.js';
import { removeTree } from './remove-tree.js';

const principal: Principal = { tenant_id: 'acme/corp', actor_id: 'alice', roles: ['developer'] };

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd,
  })
    .toString()
    .trim();
}

describe('LocalWorkspaceManager', () => {
  let base: string;
  let root: string;
  let manager: LocalWorkspaceManager;

  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'workspace-manager-spec-'));
    root = join(base, 'root');
    await mkdir(root);
    manager = new LocalWorkspaceManager(
      { workspaceRoot: root },
      new LocalCommandRunner({ serviceEnv: { PATH: process.env.PATH, HOME: base } }),
    );
  });

  afterEach(async () => {
    await removeTree(base);
  });

  function request(sessionId: string, extra: Partial<WorkspaceCreateRequest> = {}) {
    return { sessionId, principal, metadata: {}, ...extra };
  }

  async function makeRepository(): Promise<string> {
    const repository = join(base, 'upstream');
    await mkdir(repository);
    git(repository, 'init', '-q', '-b', 'main');
    await writeFile(join(repository, 'README.md'), 'main branch\n');
    git(repository, 'add', '.');
    git(repository, 'commit', '-q', '-m', 'first');
    git(repository, 'checkout', '-q', '-b', 'feature');
    await writeFile(join(repository, 'README.md'), 'feature branch\n');
    git(repository, 'commit', '-q', '-am', 'second');
    git(repository, 'checkout', '-q', 'main');
    return repository;
  }

  it('should refuse a root when it is relative or /', () => {
    const runner = new LocalCommandRunner({ serviceEnv: {} });

    expect(() => new LocalWorkspaceManager({ workspaceRoot: 'relative' }, runner)).toThrow(
      'absolute',
    );
    expect(() => new LocalWorkspaceManager({ workspaceRoot: '/' }, runner)).toThrow('absolute');
  });

  it('should create an empty 0755 workspace under the tenant segment when nothing is seeded', async () => {
    const workspace = await manager.create(request('session-1'));

    const expected = join(root, 'acme-corp', 'session-1', 'repo');
    expect(workspace).toEqual({
      workspacePath: expected,
      runtime: {
        kind: 'local',
        workdir: expected,
        workspace_root_id: await manager.rootIdentity(),
      },
    });
    expect((await stat(expected)).mode & 0o7777).toBe(0o755);
    expect(await readdir(expected)).toEqual([]);
    expect(manager.backend).toBe('local');
  });

  it('should remove a leftover session root when one exists before creation', async () => {
    const leftover = join(root, 'acme-corp', 'session-1');
    await mkdir(join(leftover, 'repo'), { recursive: true });
    await writeFile(join(leftover, 'repo', 'stale.txt'), 'stale');
    await writeFile(join(leftover, 'other.txt'), 'stale');

    await manager.create(request('session-1'));

    expect(await readdir(leftover)).toEqual(['repo']);
    expect(await readdir(join(leftover, 'repo'))).toEqual([]);
  });

  it('should copy the source tree with modes and internal links when source_repo_path is given', async () => {
    const source = join(base, 'source');
    await mkdir(join(source, 'scripts'), { recursive: true });
    await writeFile(join(source, 'scripts', 'build.sh'), 'echo build', { mode: 0o750 });
    await symlink('scripts/build.sh', join(source, 'build'));
    await symlink(join(base, 'outside'), join(source, 'escape'));
    git(source, 'init', '-q');

    const { workspacePath } = await manager.create(
      request('session-1', { sourceRepoPath: source }),
    );

    expect((await readdir(workspacePath)).sort()).toEqual(['.git', 'build', 'scripts']);
    expect((await stat(join(workspacePath, 'scripts', 'build.sh'))).mode & 0o777).toBe(0o750);
    expect(await readlink(join(workspacePath, 'build'))).toBe('scripts/build.sh');
    expect((await stat(workspacePath)).mode & 0o7777).toBe(0o755);
  });

  it('should prefer the source copy over the clone when both are given', async () => {
    const source = join(base, 'source');
    await mkdir(source);
    await writeFile(join(source, 'copied.txt'), 'copied');

    const { workspacePath } = await manager.create(
      request('session-1', { sourceRepoPath: source, repoUrl: 'file:///nonexistent/repository' }),
    );

    expect(await readdir(workspacePath)).toEqual(['copied.txt']);
  });

  it('should throw "source copy failed" and leave nothing behind when the source is missing', async () => {
    const failure = manager.create(request('session-1', { sourceRepoPath: join(base, 'missing') }));

    await expect(failure).rejects.toThrow(AppException);
    await expect(failure).rejects.toMatchObject({
      code: 'internal',
      message: expect.stringMatching(/^source copy failed: /),
    });
    expect(await readdir(root)).toEqual([]);
  });

  it('should shallow-clone the default branch when repo_url is given', async () => {
    const repository = await makeRepository();

    const { workspacePath } = await manager.create(
      request('session-1', { repoUrl: `file://${repository}` }),
    );

    expect(await readFile(join(workspacePath, 'README.md'), 'utf8')).toBe('main branch\n');
    expect(git(workspacePath, 'rev-list', '--count', 'HEAD')).toBe('1');
    expect((await stat(workspacePath)).mode & 0o7777).toBe(0o755);
  });

  it('should clone the requested branch when repo_ref is given', async () => {
    const repository = await makeRepository();

    const { workspacePath } = await manager.create(
      request('session-1', { repoUrl: `file://${repository}`, repoRef: 'feature' }),
    );

    expect(await readFile(join(workspacePath, 'README.md'), 'utf8')).toBe('feature branch\n');
  });

  it('should throw "git clone failed" with git output and leave nothing behind when the clone fails', async () => {
    const failure = manager.create(
      request('session-1', { repoUrl: `file://${join(base, 'no-such-repo')}` }),
    );

    await expect(failure).rejects.toMatchObject({
      code: 'execution_failed',
      message: expect.stringMatching(
        /^git clone failed: .*(does not exist|not a git repository|Could not read)/s,
      ),
    });
    expect(await readdir(root)).toEqual([]);
  });

  it('should throw "git clone failed" when the branch does not exist', async () => {
    const repository = await makeRepository();

    await expect(
      manager.create(request('session-1', { repoUrl: `file://${repository}`, repoRef: 'nope' })),
    ).rejects.toMatchObject({ message: expect.stringMatching(/^git clone failed: .*nope/s) });
    expect(await readdir(root)).toEqual([]);
  });

  it('should keep other sessions of the tenant when one creation fails', async () => {
    await manager.create(request('session-1'));

    await expect(
      manager.create(request('session-2', { sourceRepoPath: join(base, 'missing') })),
    ).rejects.toThrow();

    expect(await readdir(join(root, 'acme-corp'))).toEqual(['session-1']);
  });

  it('should refuse a session id when it could escape its directory', async () => {
    await expect(manager.create(request('../escape'))).rejects.toMatchObject({
      code: 'invalid_argument',
    });
    await expect(manager.create(request('.'))).rejects.toMatchObject({ code: 'invalid_argument' });
  });

  it('should replace a tenant path when it is a symlink instead of following it', async () => {
    const elsewhere = join(base, 'elsewhere');
    await mkdir(elsewhere);
    await symlink(elsewhere, join(root, 'acme-corp'));

    const { workspacePath } = await manager.create(request('session-1'));

    expect((await stat(join(root, 'acme-corp'))).isDirectory()).toBe(true);
    expect(workspacePath).toBe(join(root, 'acme-corp', 'session-1', 'repo'));
    expect(await readdir(elsewhere)).toEqual([]);
  });

  it('should report the workspace as existing until it is destroyed', async () => {
    const { runtime } = await manager.create(request('session-1'));
    const session = { id: 'session-1', principal, runtime };

    expect(await manager.exists(session)).toBe(true);
    await manager.destroy(session);

    expect(await manager.exists(session)).toBe(false);
  });

  it('should locate a workspace here, elsewhere (another root) or gone (its own root, or no id)', async () => {
    const { runtime } = await manager.create(request('session-1'));
    const session = { id: 'session-1', principal, runtime };
    const otherRoot = join(base, 'other-replica');
    const other = new LocalWorkspaceManager(
      { workspaceRoot: otherRoot },
      new LocalCommandRunner({ serviceEnv: {} }),
    );

    expect(runtime.workspace_root_id).toMatch(/^root-[0-9a-f]{16}$/);
    expect(await manager.locate(session)).toBe('here');
    expect(await other.locate(session)).toBe('elsewhere');
    const { workspace_root_id: _, ...legacy } = runtime;
    expect(await other.locate({ ...session, runtime: legacy })).toBe('gone');
    await manager.destroy(session);
    expect(await manager.locate(session)).toBe('gone');
  });

  it('should keep one root id per root, across managers and concurrent first uses', async () => {
    const runner = new LocalCommandRunner({ serviceEnv: {} });
    const fresh = join(base, 'shared-root');
    const managers = Array.from(
      { length: 4 },
      () => new LocalWorkspaceManager({ workspaceRoot: fresh }, runner),
    );

    const ids = await Promise.all(managers.map((each) => each.rootIdentity()));

    expect(new Set(ids).size).toBe(1);
    expect((await readFile(join(fresh, WORKSPACE_ROOT_ID_FILE), 'utf8')).trim()).toBe(ids[0]);
    expect(await readdir(fresh)).toEqual([WORKSPACE_ROOT_ID_FILE]);
    const later = new LocalWorkspaceManager({ workspaceRoot: fresh }, runner);
    expect(await later.rootIdentity()).toBe(ids[0]);
  });

  it('should remove the session root and the empty tenant directory when destroyed', async () => {
    const { runtime, workspacePath } = await manager.create(request('session-1'));
    await writeFile(join(workspacePath, 'file.txt'), 'x');

    await manager.destroy({ id: 'session-1', principal, runtime });

    expect(await readdir(root)).toEqual([WORKSPACE_ROOT_ID_FILE]);
    expect(await exists(root)).toBe(true);
  });

  it('should keep the tenant directory when another session of the tenant remains', async () => {
    const first = await manager.create(request('session-1'));
    await manager.create(request('session-2'));

    await manager.destroy({ id: 'session-1', principal, runtime: first.runtime });

    expect(await readdir(join(root, 'acme-corp'))).toEqual(['session-2']);
  });

  it('should succeed when destroying a session whose directory is already gone', async () => {
    const session = {
      id: 'session-1',
      principal,
      runtime: { kind: 'local' as const, workdir: '/nowhere' },
    };

    await expect(manager.destroy(session)).resolves.toBeUndefined();
    await expect(manager.destroy(session)).resolves.toBeUndefined();
  });

  it('should remove only old directories of dead sessions when sweeping orphans', async () => {
    await manager.create(request('live-old'));
    await manager.create(request('dead-old'));
    await manager.create(request('dead-young'));
    await manager.create(
      request('other-dead', { principal: { ...principal, tenant_id: 'other' } }),
    );
    const old = new Date(Date.now() - 10 * 60_000);
    for (const path of ['acme-corp/live-old', 'acme-corp/dead-old', 'other/other-dead']) {
      await utimes(join(root, path), old, old);
    }
    const asked: string[] = [];

    const removed = await manager.removeOrphans(async (id) => {
      asked.push(id);
      return id === 'live-old';
    });

    expect(removed).toBe(2);
    expect((await readdir(join(root, 'acme-corp'))).sort()).toEqual(['dead-young', 'live-old']);
    expect((await readdir(root)).sort()).toEqual([WORKSPACE_ROOT_ID_FILE, 'acme-corp']);
    expect(asked.sort()).toEqual(['dead-old', 'live-old', 'other-dead']);
  });

  it('should not follow symlinks or remove files when sweeping orphans', async () => {
    const outside = join(base, 'outside-tenant');
    await mkdir(join(outside, 'victim'), { recursive: true });
    const old = new Date(Date.now() - 10 * 60_000);
    await utimes(join(outside, 'victim'), old, old);
    await symlink(outside, join(root, 'linked-tenant'));
    await writeFile(join(root, 'stray-file'), 'x');

    const removed = await manager.removeOrphans(async () => false);

    expect(removed).toBe(0);
    expect(await exists(join(outside, 'victim'))).toBe(true);
    expect((await readdir(root)).sort()).toEqual(['linked-tenant', 'stray-file']);
  });

  it('should remove nothing and rethrow when liveness cannot be determined', async () => {
    await manager.create(request('session-1'));
    const old = new Date(Date.now() - 10 * 60_000);
    await utimes(join(root, 'acme-corp', 'session-1'), old, old);

    await expect(
      manager.removeOrphans(async () => {
        throw new Error('store unavailable');
      }),
    ).rejects.toThrow('store unavailable');
    expect(await exists(join(root, 'acme-corp', 'session-1', 'repo'))).toBe(true);
  });

  it('should return 0 when the root does not exist yet', async () => {
    const missingRoot = new LocalWorkspaceManager(
      { workspaceRoot: join(base, 'not-created') },
      new LocalCommandRunner({ serviceEnv: {} }),
    );

    expect(await missingRoot.removeOrphans(async () => false)).toBe(0);
  });
});
