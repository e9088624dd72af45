import { execFileSync } from 'node:child_process';
import {
  chmod,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  realpath,
  rename,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { removeTree } from './remove-tree.js';
import { copySourceTree } from './source-tree-copy.js';

describe('copySourceTree', () => {
  let base: string;
  let source: string;
  let destination: string;

  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'tree-copy-spec-'));
    source = join(base, 'source');
    destination = join(base, 'destination');
    await mkdir(source);
    await mkdir(destination);
  });

  afterEach(async () => {
    // removeTree copes with the read-only directories some tests create.
    await removeTree(base);
  });

  it('should share no inode with the source, hard-linked files included, so writes to the copy stay in it', async () => {
    await mkdir(join(source, '.git/objects/ab'), { recursive: true });
    await writeFile(join(source, '.git/objects/ab/cdef'), 'object');
    execFileSync('ln', [join(source, '.git/objects/ab/cdef'), join(source, 'hardlink')]);

    await copySourceTree(source, destination);

    for (const path of ['.git/objects/ab/cdef', 'hardlink']) {
      const copied = await stat(join(destination, path));
      expect(copied.nlink).toBe(1);
      expect(copied.ino).not.toBe((await stat(join(source, path))).ino);
      await writeFile(join(destination, path), 'overwritten');
    }
    expect(await readFile(join(source, '.git/objects/ab/cdef'), 'utf8')).toBe('object');
  });

  it('should copy files and directories with their contents and modes when the tree is plain', async () => {
    await mkdir(join(source, 'bin'), { mode: 0o750 });
    await chmod(join(source, 'bin'), 0o750);
    await writeFile(join(source, 'bin', 'run.sh'), '#!/bin/sh\necho hi\n', { mode: 0o755 });
    await chmod(join(source, 'bin', 'run.sh'), 0o755);
    await writeFile(join(source, 'private.txt'), 'secret-ish', { mode: 0o600 });
    await chmod(join(source, 'private.txt'), 0o600);
    await mkdir(join(source, 'readonly'));
    await writeFile(join(source, 'readonly', 'file.txt'), 'ro');
    await chmod(join(source, 'readonly'), 0o555);

    const stats = await copySourceTree(source, destination);

    expect(await readFile(join(destination, 'bin', 'run.sh'), 'utf8')).toBe('#!/bin/sh\necho hi\n');
    expect((await stat(join(destination, 'bin'))).mode & 0o7777).toBe(0o750);
    expect((await stat(join(destination, 'bin', 'run.sh'))).mode & 0o7777).toBe(0o755);
    expect((await stat(join(destination, 'private.txt'))).mode & 0o7777).toBe(0o600);
    expect((await stat(join(destination, 'readonly'))).mode & 0o7777).toBe(0o555);
    expect(await readFile(join(destination, 'readonly', 'file.txt'), 'utf8')).toBe('ro');
    expect(stats).toEqual({ directories: 2, files: 3, symlinks: 0, skipped: 0 });
  });

  it('should include the .git directory when the source is a repository', async () => {
    execFileSync('git', ['init', '-q', source]);

    await copySourceTree(source, destination);

    const head = await readFile(join(destination, '.git', 'HEAD'), 'utf8');
    expect(head).toMatch(/^ref: refs\/heads\//);
    const insideWorkTree = execFileSync('git', [
      '-C',
      destination,
      'rev-parse',
      '--is-inside-work-tree',
    ]);
    expect(insideWorkTree.toString().trim()).toBe('true');
  });

  it('should recreate internal symlinks as relative links into the copy when they point inside', async () => {
    await mkdir(join(source, 'docs'));
    await writeFile(join(source, 'docs', 'readme.md'), 'doc');
    await mkdir(join(source, 'nested', 'deep'), { recursive: true });
    // An absolute link into the source must not keep pointing at the source.
    await symlink(join(source, 'docs', 'readme.md'), join(source, 'nested', 'deep', 'abs-link'));
    await symlink('../docs', join(source, 'nested', 'docs-dir'));
    await symlink('.', join(source, 'self'));

    await copySourceTree(source, destination);

    expect(await readlink(join(destination, 'nested', 'deep', 'abs-link'))).toBe(
      '../../docs/readme.md',
    );
    expect(await readFile(join(destination, 'nested', 'deep', 'abs-link'), 'utf8')).toBe('doc');
    expect(await readlink(join(destination, 'nested', 'docs-dir'))).toBe('../docs');
    expect(await realpath(join(destination, 'nested', 'docs-dir'))).toBe(
      await realpath(join(destination, 'docs')),
    );
    expect(await readlink(join(destination, 'self'))).toBe('.');
  });

  it('should resolve chains of links to their final target when a link points at another link', async () => {
    await writeFile(join(source, 'target.txt'), 't');
    await symlink('target.txt', join(source, 'first'));
    await symlink('first', join(source, 'second'));

    await copySourceTree(source, destination);

    expect(await readlink(join(destination, 'second'))).toBe('target.txt');
  });

  it('should skip symlinks when they point outside the source or nowhere', async () => {
    await writeFile(join(base, 'outside.txt'), 'outside');
    await symlink(join(base, 'outside.txt'), join(source, 'abs-outside'));
    await symlink('../outside.txt', join(source, 'rel-outside'));
    await symlink('/etc', join(source, 'etc'));
    await symlink('missing-target', join(source, 'dangling'));
    await writeFile(join(source, 'kept.txt'), 'kept');

    const stats = await copySourceTree(source, destination);

    expect(await readdir(destination)).toEqual(['kept.txt']);
    expect(stats.skipped).toBe(4);
  });

  it('should skip FIFOs and sockets when the tree contains them', async () => {
    execFileSync('mkfifo', [join(source, 'pipe')]);
    const server = (await import('node:net')).createServer();
    await new Promise<void>((resolve) => server.listen(join(source, 'sock'), resolve));
    await writeFile(join(source, 'kept.txt'), 'kept');
    try {
      await copySourceTree(source, destination);
    } finally {
      server.close();
    }

    expect(await readdir(destination)).toEqual(['kept.txt']);
  });

  it('should not copy the destination into itself when it lies inside the source', async () => {
    const inner = join(source, 'sessions', 'copy');
    await mkdir(inner, { recursive: true });
    await writeFile(join(source, 'file.txt'), 'f');

    await copySourceTree(source, inner);

    expect((await readdir(inner)).sort()).toEqual(['file.txt', 'sessions']);
    expect(await readdir(join(inner, 'sessions'))).toEqual([]);
  });

  it('should follow the source path when it is itself a symlink to a directory', async () => {
    await writeFile(join(source, 'file.txt'), 'f');
    const alias = join(base, 'alias');
    await symlink(source, alias);

    await copySourceTree(alias, destination);

    expect(await readdir(destination)).toEqual(['file.txt']);
  });

  it('should reject when the source is not a directory', async () => {
    await writeFile(join(base, 'plain.txt'), 'x');

    await expect(copySourceTree(join(base, 'plain.txt'), destination)).rejects.toThrow(
      'not a directory',
    );
  });

  it('should reject with the cause when the source does not exist', async () => {
    await expect(copySourceTree(join(base, 'missing'), destination)).rejects.toThrow(/ENOENT/);
  });

  it('should reject after all work settled when an entry cannot be created', async () => {
    await writeFile(join(source, 'clash'), 'x');
    await mkdir(join(destination, 'clash'));
    for (let index = 0; index < 50; index++) {
      await writeFile(join(source, `file-${index}.txt`), 'x');
    }

    await expect(copySourceTree(source, destination, { concurrency: 2 })).rejects.toThrow(
      /EISDIR|EEXIST/,
    );
    const entries = await readdir(destination);
    // Nothing is written after the rejection: a second look finds the same entries.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await readdir(destination)).toEqual(entries);
  });

  it('should reject with "cancelled" when the signal is aborted', async () => {
    await writeFile(join(source, 'file.txt'), 'f');

    await expect(
      copySourceTree(source, destination, { signal: AbortSignal.abort() }),
    ).rejects.toThrow('cancelled');
  });

  it('should copy each hard link as its own regular file when the source has hard links', async () => {
    await writeFile(join(source, 'a.txt'), 'same');
    execFileSync('ln', [join(source, 'a.txt'), join(source, 'b.txt')]);

    await copySourceTree(source, destination);

    expect((await lstat(join(destination, 'b.txt'))).isFile()).toBe(true);
    expect(await readFile(join(destination, 'b.txt'), 'utf8')).toBe('same');
  });

  it('should copy every directory of a tree wider than the open-directory bound', async () => {
    // 300 siblings: past the bound (128) the rest descend one at a time.
    for (let index = 0; index < 300; index++) {
      await mkdir(join(source, `dir-${index}`, 'inner'), { recursive: true });
      await writeFile(join(source, `dir-${index}`, 'inner', 'file.txt'), String(index));
    }

    const openBefore = (await readdir('/proc/self/fd')).length;
    let mostOpen = 0;

    const stats = await copySourceTree(source, destination, {
      onListed: async () => {
        mostOpen = Math.max(mostOpen, (await readdir('/proc/self/fd')).length - openBefore);
      },
    });

    expect(stats).toEqual({ directories: 600, files: 300, symlinks: 0, skipped: 0 });
    // The bound times the depth (2), plus the root and the file copies in flight (32); without
    // the bound every sibling is opened at once (~850 here).
    expect(mostOpen).toBeLessThan(2 * 128 + 40);
    expect(await readFile(join(destination, 'dir-299', 'inner', 'file.txt'), 'utf8')).toBe('299');
  });

  describe('when the source changes between listing a directory and opening its entries', () => {
    let outside: string;

    beforeEach(async () => {
      outside = join(base, 'outside');
      await mkdir(outside);
      await writeFile(join(outside, 'secret.txt'), 'host secret');
    });

    it('should skip a file that became a symlink rather than copy what it points to', async () => {
      await writeFile(join(source, 'secret.txt'), 'harmless');
      const sourceRoot = await realpath(source);

      const stats = await copySourceTree(source, destination, {
        onListed: async (directory) => {
          if (directory === sourceRoot) {
            await rm(join(source, 'secret.txt'));
            await symlink(join(outside, 'secret.txt'), join(source, 'secret.txt'));
          }
        },
      });

      expect(await readdir(destination)).toEqual([]);
      expect(stats).toEqual({ directories: 0, files: 0, symlinks: 0, skipped: 1 });
    });

    it('should skip a directory that became a symlink rather than copy the directory it points to', async () => {
      await mkdir(join(source, 'sub'));
      await writeFile(join(source, 'sub', 'secret.txt'), 'harmless');
      const sourceRoot = await realpath(source);

      await copySourceTree(source, destination, {
        onListed: async (directory) => {
          if (directory === sourceRoot) {
            await rename(join(source, 'sub'), join(base, 'sub-moved'));
            await symlink(outside, join(source, 'sub'));
          }
        },
      });

      expect(await readdir(destination)).toEqual([]);
    });

    it('should keep reading the directory it opened when its path is redirected to another directory', async () => {
      await mkdir(join(source, 'sub'));
      await writeFile(join(source, 'sub', 'secret.txt'), 'harmless');
      const sub = join(await realpath(source), 'sub');

      await copySourceTree(source, destination, {
        onListed: async (directory) => {
          if (directory === sub) {
            await rename(sub, join(base, 'sub-moved'));
            await symlink(outside, sub);
          }
        },
      });

      expect(await readFile(join(destination, 'sub', 'secret.txt'), 'utf8')).toBe('harmless');
    });

    it('should skip a file that became a FIFO without waiting for a writer', async () => {
      await writeFile(join(source, 'pipe'), 'harmless');
      await writeFile(join(source, 'kept.txt'), 'kept');
      const sourceRoot = await realpath(source);

      const stats = await copySourceTree(source, destination, {
        onListed: async (directory) => {
          if (directory === sourceRoot) {
            await rm(join(source, 'pipe'));
            execFileSync('mkfifo', [join(source, 'pipe')]);
          }
        },
      });

      expect(await readdir(destination)).toEqual(['kept.txt']);
      expect(stats.skipped).toBe(1);
    });
  });
});
