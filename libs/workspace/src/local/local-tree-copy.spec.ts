import { execFileSync } from 'node:child_process';
import {
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { copyTree } from './local-tree-copy.js';
import { removeTree } from './remove-tree.js';

// copyTree gets the stats the caller checked; swapping the entry after that check is the race a
// command still running in the workspace could win.
describe('copyTree', () => {
  let base: string;
  let outside: string;

  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'local-tree-copy-spec-'));
    outside = join(base, 'outside');
    await mkdir(outside);
    await writeFile(join(outside, 'secret.txt'), 'host secret');
  });

  afterEach(async () => {
    await removeTree(base);
  });

  it('should copy a tree with its contents when nothing changes', async () => {
    await mkdir(join(base, 'src', 'sub'), { recursive: true });
    await writeFile(join(base, 'src', 'sub', 'file.txt'), 'content');

    await copyTree(join(base, 'src'), join(base, 'dst'), await lstat(join(base, 'src')));

    expect(await readFile(join(base, 'dst', 'sub', 'file.txt'), 'utf8')).toBe('content');
  });

  it('should refuse a file that became a symlink after it was checked', async () => {
    await writeFile(join(base, 'file.txt'), 'harmless');
    const checked = await lstat(join(base, 'file.txt'));
    await rm(join(base, 'file.txt'));
    await symlink(join(outside, 'secret.txt'), join(base, 'file.txt'));

    await expect(copyTree(join(base, 'file.txt'), join(base, 'copy.txt'), checked)).rejects.toThrow(
      'symlinks are not copied',
    );
    expect(await readdir(base)).not.toContain('copy.txt');
  });

  it('should refuse a directory that became a symlink after it was checked', async () => {
    await mkdir(join(base, 'src'));
    const checked = await lstat(join(base, 'src'));
    await rename(join(base, 'src'), join(base, 'src-moved'));
    await symlink(outside, join(base, 'src'));

    await expect(copyTree(join(base, 'src'), join(base, 'dst'), checked)).rejects.toThrow(
      'symlinks are not copied',
    );
    expect(await readdir(base)).not.toContain('dst');
  });

  it('should refuse a file that became a FIFO after it was checked, without waiting for a writer', async () => {
    await writeFile(join(base, 'pipe'), 'harmless');
    const checked = await lstat(join(base, 'pipe'));
    await rm(join(base, 'pipe'));
    execFileSync('mkfifo', [join(base, 'pipe')]);

    await expect(copyTree(join(base, 'pipe'), join(base, 'copy'), checked)).rejects.toThrow(
      'only regular files and directories are copied',
    );
  });
});
