import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { FsMoveTool } from './move.tool.js';
import { createToolWorkspace, appFailureOf, snapshotTree, type ToolWorkspace } from '#app/testing';

describe('FsMoveTool', () => {
  let ws: ToolWorkspace;
  const tool = new FsMoveTool();

  beforeEach(async () => {
    ws = await createToolWorkspace();
    await mkdir(join(ws.root, 'dir/sub'), { recursive: true });
    await writeFile(join(ws.root, 'a.txt'), 'a');
    await writeFile(join(ws.root, 'b.txt'), 'b');
  });

  afterEach(() => ws.cleanup());

  it('should rename a file and create destination parents', async () => {
    expect(await ws.run(tool, { source_path: 'a.txt', destination_path: 'new/place.txt' })).toEqual(
      {
        output: { source_path: 'a.txt', destination_path: 'new/place.txt', moved: true },
      },
    );
    expect(await readFile(join(ws.root, 'new/place.txt'), 'utf8')).toBe('a');
  });

  it('should do nothing when both paths normalise to the same path', async () => {
    expect(await ws.run(tool, { source_path: 'a.txt', destination_path: './a.txt' })).toMatchObject(
      {
        output: { moved: false },
      },
    );
  });

  it('should refuse an existing destination unless overwrite, which removes it recursively', async () => {
    expect(
      await appFailureOf(ws.run(tool, { source_path: 'a.txt', destination_path: 'b.txt' })),
    ).toEqual({
      code: 'invalid_argument',
      message: 'destination exists',
    });
    await ws.run(tool, { source_path: 'a.txt', destination_path: 'dir', overwrite: true });
    expect(await readFile(join(ws.root, 'dir'), 'utf8')).toBe('a');
  });

  it('should refuse moving a directory inside itself', async () => {
    const before = await snapshotTree(ws.root);
    expect(
      await appFailureOf(ws.run(tool, { source_path: 'dir', destination_path: 'dir/sub/x' })),
    ).toEqual({
      code: 'invalid_argument',
      message: 'destination is inside the source directory',
    });
    expect(await snapshotTree(ws.root)).toEqual(before);
  });

  it('should refuse moving the workspace root in any spelling', async () => {
    for (const source of ['.', '', './', () => ws.root]) {
      const source_path = typeof source === 'function' ? source() : source;
      expect(await appFailureOf(ws.run(tool, { source_path, destination_path: 'x' }))).toEqual({
        code: 'policy_denied',
        message: 'refusing to move workspace root',
      });
    }
  });

  it('should fail with not_found when the source is missing', async () => {
    expect(
      await appFailureOf(ws.run(tool, { source_path: 'nope', destination_path: 'x' })),
    ).toEqual({
      code: 'not_found',
      message: 'path not found: nope',
    });
  });
});
