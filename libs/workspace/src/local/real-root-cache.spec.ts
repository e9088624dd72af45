import { realpathSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Session } from '#app/contracts';
import { AppException } from '#app/errors';
import { LocalCommandRunner } from './local-command-runner.js';
import { LocalWorkspaceRuntimeFactory } from './local-workspace-runtime-factory.js';
import { RealRootCache } from './real-root-cache.js';

function sessionFor(workspacePath: string): Session {
  return {
    id: 'session-0123456789abcdef',
    workspace_path: workspacePath,
    runtime: { kind: 'local', workdir: workspacePath },
    allowed_paths: ['.'],
    principal: { tenant_id: 't1', actor_id: 'a1', roles: [] },
    metadata: {},
    created_at: '2030-01-01T00:00:00.000Z',
    expires_at: '2030-01-01T01:00:00.000Z',
  };
}

describe('RealRootCache', () => {
  let base: string;
  let session: string;
  let workspace: string;
  let cache: RealRootCache;

  beforeEach(async () => {
    base = realpathSync.native(await mkdtemp(join(tmpdir(), 'real-root-cache-')));
    session = join(base, 'session');
    workspace = join(session, 'repo');
    await mkdir(workspace, { recursive: true });
    await mkdir(join(base, 'elsewhere', 'repo'), { recursive: true });
    cache = new RealRootCache();
  });

  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  // After every change the cache must answer what an uncached realpath answers.
  const fresh = (path: string) => realpathSync.native(path);

  it('should answer the real path of a root reached through a symlink, and remember it', async () => {
    await symlink(workspace, join(base, 'link'));
    expect(cache.realPath(join(base, 'link'))).toBe(workspace);
    expect(cache.realPath(join(base, 'link'))).toBe(workspace);
    expect(cache.size).toBe(1);
  });

  it('should recompute for a session closed and re-created under the same path', async () => {
    expect(cache.realPath(workspace)).toBe(workspace);
    await rename(workspace, join(base, 'old-repo'));
    await mkdir(workspace);
    expect(cache.realPath(workspace)).toBe(fresh(workspace));
    expect(cache.realPath(workspace)).toBe(workspace);
  });

  it('should follow a root swapped for a symlink as an uncached realpath would', async () => {
    expect(cache.realPath(workspace)).toBe(workspace);
    await rename(workspace, join(base, 'old-repo'));
    await symlink(join(base, 'elsewhere', 'repo'), workspace);
    expect(cache.realPath(workspace)).toBe(fresh(workspace));
    expect(cache.realPath(workspace)).toBe(join(base, 'elsewhere', 'repo'));
  });

  it('should recompute when an ancestor of the root is swapped for a symlink', async () => {
    expect(cache.realPath(workspace)).toBe(workspace);
    await rename(session, join(base, 'old-session'));
    await symlink(join(base, 'elsewhere'), session);
    expect(cache.realPath(workspace)).toBe(join(base, 'elsewhere', 'repo'));
  });

  it('should throw, and forget the root, once it is removed', async () => {
    expect(cache.realPath(workspace)).toBe(workspace);
    await rm(workspace, { recursive: true });
    expect(() => cache.realPath(workspace)).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    expect(cache.size).toBe(0);
  });

  it('should not remember a root that is not a directory', async () => {
    await writeFile(join(base, 'file'), 'x');
    expect(cache.realPath(join(base, 'file'))).toBe(join(base, 'file'));
    expect(cache.size).toBe(0);
  });

  it('should keep at most its bound of roots', async () => {
    const bounded = new RealRootCache(2);
    for (const name of ['a', 'b', 'c']) {
      await mkdir(join(base, name));
      expect(bounded.realPath(join(base, name))).toBe(join(base, name));
    }
    expect(bounded.size).toBe(2);
  });

  describe('shared by the runtimes of a factory', () => {
    const runner = new LocalCommandRunner({ serviceEnv: process.env });

    it('should read the re-created workspace, not the closed one', async () => {
      const factory = new LocalWorkspaceRuntimeFactory(runner, cache);
      await writeFile(join(workspace, 'f.txt'), 'first');
      const first = await factory.forSession(sessionFor(workspace)).readFile('f.txt', 100);
      expect(first.data.toString()).toBe('first');

      await rename(workspace, join(base, 'old-repo'));
      await mkdir(workspace);
      await writeFile(join(workspace, 'f.txt'), 'second');
      const second = await factory.forSession(sessionFor(workspace)).readFile('f.txt', 100);
      expect(second.data.toString()).toBe('second');
    });

    it('should still refuse a symlink below the cached root that leads outside', async () => {
      const factory = new LocalWorkspaceRuntimeFactory(runner, cache);
      await writeFile(join(base, 'secret.txt'), 'secret');
      await writeFile(join(workspace, 'x'), 'inside');
      expect((await factory.forSession(sessionFor(workspace)).readFile('x', 100)).data).toEqual(
        Buffer.from('inside'),
      );

      await rm(join(workspace, 'x'));
      await symlink(join(base, 'secret.txt'), join(workspace, 'x'));
      await expect(
        factory.forSession(sessionFor(workspace)).readFile('x', 100),
      ).rejects.toMatchObject({ code: 'policy_denied' });
    });

    it('should answer not_found for a removed workspace', async () => {
      const factory = new LocalWorkspaceRuntimeFactory(runner, cache);
      await factory.forSession(sessionFor(workspace)).resolve('.');
      await rm(workspace, { recursive: true });
      const error = await factory
        .forSession(sessionFor(workspace))
        .resolve('a')
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AppException);
      expect(error).toMatchObject({ code: 'not_found', message: 'workspace directory not found' });
    });
  });
});
