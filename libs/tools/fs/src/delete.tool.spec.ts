import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { FsDeleteTool } from './delete.tool.js';
import { createToolWorkspace, appFailureOf, snapshotTree, type ToolWorkspace } from '#app/testing';

describe('FsDeleteTool', () => {
  let ws: ToolWorkspace;
  const tool = new FsDeleteTool();

  beforeEach(async () => {
    ws = await createToolWorkspace();
    await mkdir(join(ws.root, 'dir/sub'), { recursive: true });
    await writeFile(join(ws.root, 'dir/sub/f.txt'), 'f');
    await writeFile(join(ws.root, 'keep.txt'), 'keep');
  });

  afterEach(() => ws.cleanup());

  it('should delete a file', async () => {
    expect(await ws.run(tool, { path: 'keep.txt' })).toEqual({
      output: { path: 'keep.txt', deleted: true, existed: true },
    });
    expect(await ws.runtime.stat('keep.txt')).toBeNull();
  });

  it('should report a missing path with force and refuse it without', async () => {
    expect(await ws.run(tool, { path: 'gone', force: true })).toEqual({
      output: { path: 'gone', deleted: false, existed: false },
    });
    expect(await appFailureOf(ws.run(tool, { path: 'gone' }))).toEqual({
      code: 'not_found',
      message: 'path not found: gone',
    });
  });

  it('should require recursive for any directory', async () => {
    await mkdir(join(ws.root, 'empty'));
    for (const path of ['empty', 'dir']) {
      expect(await appFailureOf(ws.run(tool, { path }))).toEqual({
        code: 'invalid_argument',
        message: 'recursive is required to delete a directory',
      });
    }
    expect(await ws.run(tool, { path: 'dir', recursive: true })).toMatchObject({
      output: { deleted: true },
    });
    expect(await ws.runtime.stat('dir')).toBeNull();
  });

  it('should remove a symlink and leave its target untouched', async () => {
    await symlink('keep.txt', join(ws.root, 'link'));
    await ws.run(tool, { path: 'link' });
    expect(await ws.runtime.stat('link')).toBeNull();
    expect(await readFile(join(ws.root, 'keep.txt'), 'utf8')).toBe('keep');
  });

  it('should refuse to delete the workspace root in any spelling', async () => {
    const before = await snapshotTree(ws.root);
    for (const path of ['.', '', './', './/.', ws.root, `${ws.root}/`]) {
      expect(await appFailureOf(ws.run(tool, { path, recursive: true, force: true }))).toEqual({
        code: 'policy_denied',
        message: 'refusing to delete workspace root',
      });
    }
    expect(await snapshotTree(ws.root)).toEqual(before);
  });
});
