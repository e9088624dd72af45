import { chmod, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { FsStatTool } from './stat.tool.js';
import { createToolWorkspace, type ToolWorkspace } from '#app/testing';

describe('FsStatTool', () => {
  let ws: ToolWorkspace;
  const tool = new FsStatTool();

  beforeEach(async () => {
    ws = await createToolWorkspace();
  });

  afterEach(() => ws.cleanup());

  it('should describe an existing file', async () => {
    await writeFile(join(ws.root, 'f.txt'), 'abc');
    await chmod(join(ws.root, 'f.txt'), 0o600);
    const { output } = await ws.run(tool, { path: 'f.txt' });
    expect(output).toEqual({
      path: 'f.txt',
      exists: true,
      type: 'file',
      size_bytes: 3,
      mode: '0600',
      modified_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
  });

  it('should report only exists false when the path is missing', async () => {
    expect(await ws.run(tool, { path: 'missing/x' })).toEqual({
      output: { path: 'missing/x', exists: false },
    });
  });

  it('should not follow a symlink and report the root as a directory', async () => {
    await writeFile(join(ws.root, 'f.txt'), 'abc');
    await symlink('f.txt', join(ws.root, 'l'));
    expect(await ws.run(tool, { path: 'l' })).toMatchObject({ output: { type: 'symlink' } });
    expect(await ws.run(tool, { path: '.' })).toMatchObject({
      output: { path: '.', type: 'dir', size_bytes: 0 },
    });
  });
});
