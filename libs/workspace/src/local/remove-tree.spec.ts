import { chmod, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { removeTree } from './remove-tree.js';

describe('removeTree', () => {
  let base: string;

  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'remove-tree-spec-'));
  });

  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('should remove a tree with read-only directories when they hold files', async () => {
    const tree = join(base, 'tree');
    await mkdir(join(tree, 'locked', 'inner'), { recursive: true });
    await writeFile(join(tree, 'locked', 'inner', 'file.txt'), 'x');
    await chmod(join(tree, 'locked', 'inner'), 0o555);
    await chmod(join(tree, 'locked'), 0o555);

    await removeTree(tree);

    expect(await readdir(base)).toEqual([]);
  });

  it('should remove a symlink without touching its target when the tree contains one', async () => {
    const target = join(base, 'target');
    await mkdir(target);
    await writeFile(join(target, 'keep.txt'), 'keep');
    const tree = join(base, 'tree');
    await mkdir(tree);
    await symlink(target, join(tree, 'link'));

    await removeTree(tree);

    expect(await readdir(base)).toEqual(['target']);
    expect(await readdir(target)).toEqual(['keep.txt']);
  });

  it('should succeed when the path does not exist', async () => {
    await expect(removeTree(join(base, 'missing'))).resolves.toBeUndefined();
  });
});
