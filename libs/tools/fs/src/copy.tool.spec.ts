import { chmod, mkdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { FsCopyTool } from './copy.tool.js';
import { createToolWorkspace, appFailureOf, snapshotTree, type ToolWorkspace } from '#app/testing';

describe('FsCopyTool', () => {
  let ws: ToolWorkspace;
  const tool = new FsCopyTool();

  beforeEach(async () => {
    ws = await createToolWorkspace();
    await mkdir(join(ws.root, 'tree/inner'), { recursive: true });
    await writeFile(join(ws.root, 'tree/inner/run.sh'), 'echo');
    await chmod(join(ws.root, 'tree/inner/run.sh'), 0o700);
    await writeFile(join(ws.root, 'one.txt'), '1');
  });

  afterEach(() => ws.cleanup());

  it('should copy a file preserving its mode', async () => {
    expect(
      await ws.run(tool, { source_path: 'tree/inner/run.sh', destination_path: 'copy.sh' }),
    ).toEqual({
      output: {
        source_path: 'tree/inner/run.sh',
        destination_path: 'copy.sh',
        copied: true,
        type: 'file',
      },
    });
    expect((await stat(join(ws.root, 'copy.sh'))).mode & 0o777).toBe(0o700);
  });

  it('should copy a directory tree only when recursive', async () => {
    expect(
      await appFailureOf(ws.run(tool, { source_path: 'tree', destination_path: 'tree2' })),
    ).toEqual({
      code: 'invalid_argument',
      message: 'recursive is required to copy a directory',
    });
    expect(
      await ws.run(tool, { source_path: 'tree', destination_path: 'tree2', recursive: true }),
    ).toMatchObject({
      output: { type: 'dir' },
    });
    expect(await readFile(join(ws.root, 'tree2/inner/run.sh'), 'utf8')).toBe('echo');
  });

  it('should refuse symlinks as source or inside the tree without copying anything', async () => {
    await symlink('one.txt', join(ws.root, 'link.txt'));
    expect(
      await appFailureOf(ws.run(tool, { source_path: 'link.txt', destination_path: 'x' })),
    ).toEqual({
      code: 'invalid_argument',
      message: 'symlinks are not copied',
    });
    await symlink('run.sh', join(ws.root, 'tree/inner/alias'));
    const before = await snapshotTree(ws.root);
    expect(
      await appFailureOf(
        ws.run(tool, { source_path: 'tree', destination_path: 'tree2', recursive: true }),
      ),
    ).toEqual({ code: 'invalid_argument', message: 'symlinks are not copied' });
    expect(await snapshotTree(ws.root)).toEqual(before);
  });

  it('should refuse identical paths and an existing destination without overwrite', async () => {
    expect(
      (await appFailureOf(ws.run(tool, { source_path: 'one.txt', destination_path: 'one.txt' })))
        .code,
    ).toBe('invalid_argument');
    await writeFile(join(ws.root, 'two.txt'), '2');
    expect(
      await appFailureOf(ws.run(tool, { source_path: 'one.txt', destination_path: 'two.txt' })),
    ).toEqual({
      code: 'invalid_argument',
      message: 'destination exists',
    });
    await ws.run(tool, { source_path: 'one.txt', destination_path: 'two.txt', overwrite: true });
    expect(await readFile(join(ws.root, 'two.txt'), 'utf8')).toBe('1');
  });

  it('should fail with not_found when the source is missing', async () => {
    expect(
      (await appFailureOf(ws.run(tool, { source_path: 'nope', destination_path: 'x' }))).code,
    ).toBe('not_found');
  });
});
