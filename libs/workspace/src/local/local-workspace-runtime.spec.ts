import {
  chmod,
  lstat,
  mkdir,
  mkdtemp,
  readFile,
  readlink,
  realpath,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Session } from '#app/contracts';
import { AppException } from '#app/errors';
import { LocalCommandRunner } from './local-command-runner.js';
import { LocalWorkspaceRuntime } from './local-workspace-runtime.js';
import { LocalWorkspaceRuntimeFactory } from './local-workspace-runtime-factory.js';

function sessionFor(workspacePath: string, allowedPaths: string[] = ['.']): Session {
  return {
    id: 'session-0123456789abcdef',
    workspace_path: workspacePath,
    runtime: { kind: 'local', workdir: workspacePath },
    allowed_paths: allowedPaths,
    principal: { tenant_id: 't1', actor_id: 'a1', roles: [] },
    metadata: {},
    created_at: '2030-01-01T00:00:00.000Z',
    expires_at: '2030-01-01T01:00:00.000Z',
  };
}

async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppException) {
      return { code: error.code, message: error.message };
    }
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('LocalWorkspaceRuntime', () => {
  let base: string;
  let workspace: string;
  let outside: string;
  let runtime: LocalWorkspaceRuntime;
  const runner = new LocalCommandRunner({ serviceEnv: process.env });

  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'local-runtime-'));
    workspace = join(base, 'repo');
    outside = join(base, 'outside');
    await mkdir(workspace);
    await mkdir(outside);
    await writeFile(join(outside, 'secret.txt'), 'secret');
    runtime = new LocalWorkspaceRuntime(sessionFor(workspace), runner);
  });

  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  describe('resolve', () => {
    it('should return the normalised relative path when the path has redundant segments', async () => {
      expect(await runtime.resolve('./a//b/./c/')).toBe('a/b/c');
      expect(await runtime.resolve('')).toBe('.');
      expect(await runtime.resolve(`${workspace}/x/y`)).toBe('x/y');
      expect(await runtime.resolve(workspace)).toBe('.');
    });

    it.each(['../x', 'a/../../x', '/etc/passwd', 'a\0b', '/tmp'])(
      'should refuse %j as escaping the workspace',
      async (raw) => {
        expect(await rejection(runtime.resolve(raw))).toEqual({
          code: 'policy_denied',
          message: 'path escapes workspace',
        });
      },
    );

    it('should refuse an absolute path when it only shares a prefix with the workspace', async () => {
      expect((await rejection(runtime.resolve(`${workspace}-other/x`))).message).toBe(
        'path escapes workspace',
      );
    });

    it('should refuse a path when a symlink leads outside', async () => {
      await symlink(join(outside, 'secret.txt'), join(workspace, 'file-link'));
      await symlink(outside, join(workspace, 'dir-link'));
      await symlink(join(outside, 'nothing-here'), join(workspace, 'dangling'));
      await symlink('missing/../dir-link', join(workspace, 'tricky'));
      for (const raw of [
        'file-link',
        'dir-link',
        'dir-link/new.txt',
        'dir-link/secret.txt',
        'dangling',
        'tricky/x',
      ]) {
        expect(await rejection(runtime.resolve(raw))).toEqual({
          code: 'policy_denied',
          message: 'path escapes workspace',
        });
      }
    });

    it('should accept a symlink when its target stays inside and keep the lexical path', async () => {
      await mkdir(join(workspace, 'real'));
      await symlink('real', join(workspace, 'alias'));
      await symlink(join(workspace, 'real', 'later.txt'), join(workspace, 'dangling-inside'));
      expect(await runtime.resolve('alias/x.txt')).toBe('alias/x.txt');
      expect(await runtime.resolve('dangling-inside')).toBe('dangling-inside');
    });

    it('should refuse a path when symlinks form a loop', async () => {
      await symlink('loop-b', join(workspace, 'loop-a'));
      await symlink('loop-a', join(workspace, 'loop-b'));
      expect((await rejection(runtime.resolve('loop-a/x'))).code).toBe('policy_denied');
    });

    it('should work when the workspace path itself goes through a symlink', async () => {
      await symlink(workspace, join(base, 'repo-link'));
      const linked = new LocalWorkspaceRuntime(sessionFor(join(base, 'repo-link')), runner);
      await writeFile(join(workspace, 'a.txt'), 'a');
      expect(await linked.resolve(`${base}/repo-link/a.txt`)).toBe('a.txt');
      expect((await linked.readFile('a.txt', 10)).data.toString()).toBe('a');
    });

    it('should enforce allowed_paths lexically and through symlinks', async () => {
      await mkdir(join(workspace, 'sandbox'));
      await mkdir(join(workspace, 'private'));
      await symlink('../private', join(workspace, 'sandbox', 'peek'));
      const limited = new LocalWorkspaceRuntime(sessionFor(workspace, ['sandbox']), runner);
      expect(await limited.resolve('sandbox/new.txt')).toBe('sandbox/new.txt');
      for (const raw of ['private', '.', 'sandbox-2', 'sandbox/peek', 'sandbox/peek/x']) {
        expect(await rejection(limited.resolve(raw))).toEqual({
          code: 'policy_denied',
          message: 'path outside allowed_paths',
        });
      }
    });
  });

  describe('stat and list', () => {
    it('should describe files, directories and symlinks from lstat', async () => {
      await writeFile(join(workspace, 'f.txt'), 'hello');
      await chmod(join(workspace, 'f.txt'), 0o640);
      await mkdir(join(workspace, 'd'));
      await symlink('f.txt', join(workspace, 'l'));
      expect(await runtime.stat('f.txt')).toMatchObject({
        path: 'f.txt',
        type: 'file',
        size_bytes: 5,
        mode: '0640',
      });
      expect(await runtime.stat('d')).toMatchObject({ type: 'dir', size_bytes: 0 });
      expect(await runtime.stat('l')).toMatchObject({ type: 'symlink', size_bytes: 5 });
      expect(await runtime.stat('missing')).toBeNull();
      expect((await runtime.stat('f.txt'))?.modified_at).toMatch(
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/,
      );
    });

    it('should list children in byte order and walk depth-first when recursive', async () => {
      await mkdir(join(workspace, 'b'));
      await writeFile(join(workspace, 'b', 'z.txt'), '');
      await writeFile(join(workspace, 'B.txt'), '');
      await writeFile(join(workspace, 'a.txt'), '');
      await symlink(outside.replace(base, '..'), join(workspace, 'c-link'));
      const flat = await runtime.list('.', { recursive: false, maxEntries: 100 });
      expect(flat.entries.map((entry) => entry.path)).toEqual(['B.txt', 'a.txt', 'b', 'c-link']);
      const deep = await runtime.list('.', { recursive: true, maxEntries: 100 });
      expect(deep.entries.map((entry) => entry.path)).toEqual([
        'B.txt',
        'a.txt',
        'b',
        'b/z.txt',
        'c-link',
      ]);
      const cut = await runtime.list('.', { recursive: true, maxEntries: 3 });
      expect(cut).toMatchObject({ truncated: true });
      expect(cut.entries).toHaveLength(3);
    });

    it('should yield the file itself when listing a file and refuse a missing path', async () => {
      await writeFile(join(workspace, 'only.txt'), 'x');
      expect(
        (await runtime.list('only.txt', { recursive: true, maxEntries: 5 })).entries.map(
          (e) => e.path,
        ),
      ).toEqual(['only.txt']);
      expect(await rejection(runtime.list('nope', { recursive: false, maxEntries: 5 }))).toEqual({
        code: 'not_found',
        message: 'path not found: nope',
      });
    });

    it('should list regular files in full-path order skipping .git and symlinks', async () => {
      await mkdir(join(workspace, 'a'));
      await mkdir(join(workspace, '.git'));
      await writeFile(join(workspace, '.git', 'HEAD'), 'ref');
      await writeFile(join(workspace, 'a', 'b.txt'), '12');
      await writeFile(join(workspace, 'a.txt'), '1');
      await symlink('a.txt', join(workspace, 'link.txt'));
      const all = await runtime.listFiles('.', { recursive: true, maxEntries: 10 });
      expect(all).toEqual({
        files: [
          { path: 'a.txt', size_bytes: 1 },
          { path: 'a/b.txt', size_bytes: 2 },
        ],
        truncated: false,
      });
      const top = await runtime.listFiles('.', { recursive: false, maxEntries: 10 });
      expect(top.files.map((file) => file.path)).toEqual(['a.txt']);
      const filtered = await runtime.listFiles('.', {
        recursive: true,
        maxEntries: 1,
        matches: (p) => p.startsWith('a'),
      });
      expect(filtered).toEqual({ files: [{ path: 'a.txt', size_bytes: 1 }], truncated: true });
    });
  });

  describe('readFile', () => {
    it('should read at most maxBytes and report the full size', async () => {
      await writeFile(join(workspace, 'big.txt'), 'abcdefghij');
      const result = await runtime.readFile('big.txt', 4);
      expect(result.data.toString()).toBe('abcd');
      expect(result).toMatchObject({ size_bytes: 10, truncated: true });
      expect((await runtime.readFile('big.txt', 100)).truncated).toBe(false);
    });

    it('should refuse directories and missing files', async () => {
      await mkdir(join(workspace, 'dir'));
      expect(await rejection(runtime.readFile('dir', 10))).toEqual({
        code: 'invalid_argument',
        message: 'path is a directory',
      });
      expect((await rejection(runtime.readFile('none', 10))).code).toBe('not_found');
    });
  });

  describe('writeFile and mkdir', () => {
    it('should create files 0644 with parents 0755 whatever the umask', async () => {
      const previous = process.umask(0o077);
      try {
        await runtime.writeFile('x/y/new.txt', Buffer.from('data'), { createParents: true });
      } finally {
        process.umask(previous);
      }
      expect(await readFile(join(workspace, 'x/y/new.txt'), 'utf8')).toBe('data');
      expect((await stat(join(workspace, 'x/y/new.txt'))).mode & 0o777).toBe(0o644);
      expect((await stat(join(workspace, 'x'))).mode & 0o777).toBe(0o755);
    });

    it('should keep the mode of an existing file and truncate it', async () => {
      await writeFile(join(workspace, 'run.sh'), 'long old content');
      await chmod(join(workspace, 'run.sh'), 0o755);
      await runtime.writeFile('run.sh', Buffer.from('new'), { createParents: false });
      expect(await readFile(join(workspace, 'run.sh'), 'utf8')).toBe('new');
      expect((await stat(join(workspace, 'run.sh'))).mode & 0o777).toBe(0o755);
    });

    it('should write through a contained final symlink to its target', async () => {
      await writeFile(join(workspace, 'target.txt'), 'old');
      await symlink('target.txt', join(workspace, 'link.txt'));
      await runtime.writeFile('link.txt', Buffer.from('new'), { createParents: false });
      expect(await readFile(join(workspace, 'target.txt'), 'utf8')).toBe('new');
      expect(await readlink(join(workspace, 'link.txt'))).toBe('target.txt');
    });

    it('should refuse a missing parent, a directory target and an escaping link', async () => {
      await mkdir(join(workspace, 'dir'));
      await symlink(join(outside, 'secret.txt'), join(workspace, 'evil'));
      expect(
        await rejection(
          runtime.writeFile('no/such.txt', Buffer.from('x'), { createParents: false }),
        ),
      ).toEqual({
        code: 'not_found',
        message: 'parent directory not found',
      });
      expect(
        await rejection(runtime.writeFile('dir', Buffer.from('x'), { createParents: true })),
      ).toEqual({
        code: 'invalid_argument',
        message: 'path is a directory',
      });
      expect(
        (await rejection(runtime.writeFile('evil', Buffer.from('x'), { createParents: true })))
          .code,
      ).toBe('policy_denied');
      expect(await readFile(join(outside, 'secret.txt'), 'utf8')).toBe('secret');
    });

    it('should refuse a write when a parent was swapped for an escaping symlink after resolve', async () => {
      await mkdir(join(workspace, 'sub'));
      expect(await runtime.resolve('sub/file.txt')).toBe('sub/file.txt');
      await rm(join(workspace, 'sub'), { recursive: true });
      await symlink(outside, join(workspace, 'sub'));
      expect(
        (
          await rejection(
            runtime.writeFile('sub/file.txt', Buffer.from('x'), { createParents: true }),
          )
        ).code,
      ).toBe('policy_denied');
      await expect(lstat(join(outside, 'file.txt'))).rejects.toThrow();
    });

    it('should create a directory with the requested mode and report existing ones', async () => {
      expect(await runtime.mkdir('a/b', { createParents: true, mode: 0o700 })).toBe(true);
      expect((await stat(join(workspace, 'a/b'))).mode & 0o777).toBe(0o700);
      expect(await runtime.mkdir('a/b', { createParents: true, mode: 0o700 })).toBe(false);
      await writeFile(join(workspace, 'file'), '');
      expect(await rejection(runtime.mkdir('file', { createParents: true, mode: 0o755 }))).toEqual({
        code: 'invalid_argument',
        message: 'path exists and is not a directory',
      });
      expect(
        (await rejection(runtime.mkdir('x/y', { createParents: false, mode: 0o755 }))).code,
      ).toBe('not_found');
    });
  });

  describe('move, copy and remove', () => {
    it('should rename and honour overwrite', async () => {
      await writeFile(join(workspace, 'a.txt'), 'a');
      await writeFile(join(workspace, 'b.txt'), 'b');
      expect(
        await rejection(runtime.move('a.txt', 'b.txt', { overwrite: false, createParents: true })),
      ).toEqual({
        code: 'invalid_argument',
        message: 'destination exists',
      });
      await runtime.move('a.txt', 'b.txt', { overwrite: true, createParents: true });
      expect(await readFile(join(workspace, 'b.txt'), 'utf8')).toBe('a');
      await runtime.move('b.txt', 'deep/c.txt', { overwrite: false, createParents: true });
      expect(await readFile(join(workspace, 'deep/c.txt'), 'utf8')).toBe('a');
    });

    it('should refuse moving the root or a directory into itself', async () => {
      await mkdir(join(workspace, 'dir'));
      expect(
        await rejection(runtime.move('.', 'x', { overwrite: false, createParents: true })),
      ).toEqual({
        code: 'policy_denied',
        message: 'refusing to move workspace root',
      });
      expect(
        (await rejection(runtime.move('dir', 'dir/sub', { overwrite: false, createParents: true })))
          .code,
      ).toBe('invalid_argument');
      expect(
        (await rejection(runtime.move('dir', '.', { overwrite: true, createParents: true }))).code,
      ).toBe('policy_denied');
    });

    it('should copy a tree preserving modes', async () => {
      await mkdir(join(workspace, 'src/inner'), { recursive: true });
      await writeFile(join(workspace, 'src/inner/run.sh'), '#!/bin/sh');
      await chmod(join(workspace, 'src/inner/run.sh'), 0o750);
      expect(
        await runtime.copy('src', 'dst', {
          recursive: true,
          overwrite: false,
          createParents: true,
        }),
      ).toBe('dir');
      expect(await readFile(join(workspace, 'dst/inner/run.sh'), 'utf8')).toBe('#!/bin/sh');
      expect((await stat(join(workspace, 'dst/inner/run.sh'))).mode & 0o777).toBe(0o750);
    });

    it('should refuse a tree holding a symlink without copying anything', async () => {
      await mkdir(join(workspace, 'src'));
      await writeFile(join(workspace, 'src/a.txt'), 'a');
      await symlink('a.txt', join(workspace, 'src/z-link'));
      expect(
        await rejection(
          runtime.copy('src', 'dst', { recursive: true, overwrite: false, createParents: true }),
        ),
      ).toEqual({
        code: 'invalid_argument',
        message: 'symlinks are not copied',
      });
      expect(await runtime.stat('dst')).toBeNull();
      expect(
        await rejection(
          runtime.copy('src', 'dst', { recursive: false, overwrite: false, createParents: true }),
        ),
      ).toEqual({ code: 'invalid_argument', message: 'recursive is required to copy a directory' });
    });

    it('should remove a symlink without touching its target and require recursive for directories', async () => {
      await writeFile(join(workspace, 'target.txt'), 't');
      await symlink('target.txt', join(workspace, 'link'));
      await runtime.remove('link', { recursive: false });
      expect(await readFile(join(workspace, 'target.txt'), 'utf8')).toBe('t');
      await mkdir(join(workspace, 'dir/sub'), { recursive: true });
      expect(await rejection(runtime.remove('dir', { recursive: false }))).toEqual({
        code: 'invalid_argument',
        message: 'recursive is required to delete a directory',
      });
      await runtime.remove('dir', { recursive: true });
      expect(await runtime.stat('dir')).toBeNull();
      expect(await rejection(runtime.remove('.', { recursive: true }))).toEqual({
        code: 'policy_denied',
        message: 'refusing to delete workspace root',
      });
    });
  });

  describe('search', () => {
    it('should return one match per line in sorted walk order', async () => {
      await mkdir(join(workspace, 'a'));
      await mkdir(join(workspace, '.git'));
      await writeFile(join(workspace, '.git/config'), 'needle');
      await writeFile(join(workspace, 'a/z.txt'), 'no\nneedle needle\n');
      await writeFile(join(workspace, 'a.txt'), 'needle\r\nx\n');
      await writeFile(
        join(workspace, 'bin.dat'),
        Buffer.from([0x6e, 0, 0x6e, 0x65, 0x65, 0x64, 0x6c, 0x65]),
      );
      await symlink('a.txt', join(workspace, 'link.txt'));
      expect(await runtime.search('.', 'ne+dle', 10)).toEqual({
        matches: [
          { path: 'a.txt', line: 1, snippet: 'needle\r' },
          { path: 'a/z.txt', line: 2, snippet: 'needle needle' },
        ],
        truncated: false,
      });
    });

    it('should stop at maxResults and flag truncation', async () => {
      await writeFile(join(workspace, 'many.txt'), 'hit\n'.repeat(5));
      const result = await runtime.search('.', 'hit', 3);
      expect(result.matches.map((match) => match.line)).toEqual([1, 2, 3]);
      expect(result.truncated).toBe(true);
      expect((await runtime.search('many.txt', 'hit', 5)).truncated).toBe(false);
    });

    it('should cut snippets to 1000 characters and skip lines over 2 MiB', async () => {
      await writeFile(
        join(workspace, 'long.txt'),
        `${'x'.repeat(1500)}\n${'y'.repeat(2 * 1024 * 1024 + 1)}\n`,
      );
      const long = await runtime.search('.', 'x', 5);
      expect(long.matches[0]?.snippet).toHaveLength(1000);
      expect((await runtime.search('.', 'y', 5)).matches).toEqual([]);
    });

    it('should honour line anchors including \\A', async () => {
      await writeFile(join(workspace, 'anchors.txt'), 'xfoo\nfoo\nbar foo\n');
      expect((await runtime.search('.', '^foo$', 5)).matches.map((match) => match.line)).toEqual([
        2,
      ]);
      expect((await runtime.search('.', '\\Afoo', 5)).matches.map((match) => match.line)).toEqual([
        2,
      ]);
      expect(
        (await runtime.search('.', '(?i)FOO\\z', 5)).matches.map((match) => match.line),
      ).toEqual([1, 2, 3]);
    });

    it.each(['(a)\\1', '(?=x)', '(?<=x)y', 'a['])(
      'should refuse the pattern %j',
      async (pattern) => {
        expect(await rejection(runtime.search('.', pattern, 5))).toEqual({
          code: 'invalid_argument',
          message: 'invalid pattern',
        });
      },
    );
  });

  describe('exec', () => {
    it('should run in the resolved working directory', async () => {
      await mkdir(join(workspace, 'sub'));
      const result = await runtime.exec('pwd', [], { cwd: 'sub', timeoutMs: 5000 });
      expect(result.exit_code).toBe(0);
      expect(result.output.trim()).toBe(join(await realpath(workspace), 'sub'));
    });

    it('should run at the workspace root when allowed_paths is narrower', async () => {
      const limited = new LocalWorkspaceRuntime(sessionFor(workspace, ['sandbox']), runner);
      const result = await limited.exec('pwd', [], { timeoutMs: 5000 });
      expect(result.output.trim()).toBe(await realpath(workspace));
    });

    it('should refuse a working directory that escapes', async () => {
      await symlink(outside, join(workspace, 'out'));
      expect((await rejection(runtime.exec('pwd', [], { cwd: 'out', timeoutMs: 5000 }))).code).toBe(
        'policy_denied',
      );
    });
  });

  it('should hand out a runtime bound to the session from the factory', () => {
    const session = sessionFor(workspace);
    const bound = new LocalWorkspaceRuntimeFactory(runner).forSession(session);
    expect(bound).toBeInstanceOf(LocalWorkspaceRuntime);
    expect(bound.session).toBe(session);
  });
});
