import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { FsListTool } from './list.tool.js';
import { createToolWorkspace, appFailureOf, type ToolWorkspace } from '#app/testing';

describe('FsListTool', () => {
  let ws: ToolWorkspace;
  const tool = new FsListTool();

  beforeEach(async () => {
    ws = await createToolWorkspace();
    await mkdir(join(ws.root, 'src/lib'), { recursive: true });
    await writeFile(join(ws.root, 'src/lib/a.ts'), 'export {}');
    await writeFile(join(ws.root, 'src/main.ts'), 'main');
    await writeFile(join(ws.root, 'README.md'), '# hi');
  });

  afterEach(() => ws.cleanup());

  it('should list the root children with Entry shapes when no path is given', async () => {
    const { output } = await ws.run(tool, {});
    expect(output).toMatchObject({ path: '.', count: 2, truncated: false });
    expect(output).toHaveProperty('entries', [
      expect.objectContaining({ path: 'README.md', type: 'file', size_bytes: 4, mode: '0644' }),
      expect.objectContaining({ path: 'src', type: 'dir', size_bytes: 0 }),
    ]);
  });

  it('should walk depth-first and truncate when recursive with a small max_entries', async () => {
    const full = await ws.run(tool, { path: 'src', recursive: true });
    expect(
      (full.output as { entries: Array<{ path: string }> }).entries.map((entry) => entry.path),
    ).toEqual(['src/lib', 'src/lib/a.ts', 'src/main.ts']);
    expect(await ws.run(tool, { path: 'src', recursive: true, max_entries: 2 })).toMatchObject({
      output: { count: 2, truncated: true },
    });
  });

  it('should echo a normalised relative path when given an absolute path inside the workspace', async () => {
    expect(await ws.run(tool, { path: `${ws.root}/src/` })).toMatchObject({
      output: { path: 'src', count: 2 },
    });
  });

  it('should yield one entry when the path is a file', async () => {
    expect(await ws.run(tool, { path: 'README.md' })).toMatchObject({
      output: { count: 1, entries: [{ path: 'README.md', type: 'file' }] },
    });
  });

  it('should fail with not_found when the path does not exist', async () => {
    expect(await appFailureOf(ws.run(tool, { path: 'missing' }))).toEqual({
      code: 'not_found',
      message: 'path not found: missing',
    });
  });
});
