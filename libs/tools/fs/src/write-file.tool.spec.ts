import { createHash } from 'node:crypto';
import { mkdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { FsWriteFileTool } from './write-file.tool.js';
import { createToolWorkspace, appFailureOf, snapshotTree, type ToolWorkspace } from '#app/testing';

describe('FsWriteFileTool', () => {
  let ws: ToolWorkspace;
  const tool = new FsWriteFileTool();

  beforeEach(async () => {
    ws = await createToolWorkspace();
  });

  afterEach(() => ws.cleanup());

  it('should write UTF-8 content and report its size and sha256', async () => {
    const result = await ws.run(tool, { path: 'docs/new.md', content: 'hello' });
    expect(result).toEqual({
      output: {
        path: 'docs/new.md',
        bytes_written: 5,
        sha256: createHash('sha256').update('hello').digest('hex'),
      },
    });
    expect(await readFile(join(ws.root, 'docs/new.md'), 'utf8')).toBe('hello');
    expect((await stat(join(ws.root, 'docs/new.md'))).mode & 0o777).toBe(0o644);
  });

  it('should decode standard base64 content', async () => {
    await ws.run(tool, { path: 'bin.dat', content: 'AAEC/w==', encoding: 'base64' });
    expect([...(await readFile(join(ws.root, 'bin.dat')))]).toEqual([0, 1, 2, 255]);
  });

  it.each(['abc', 'ab=c', 'YQ', 'YW Jj', 'YW_j', 'YWJj\n'])(
    'should refuse %j as invalid base64 without writing',
    async (content) => {
      expect(
        await appFailureOf(ws.run(tool, { path: 'x.bin', content, encoding: 'base64' })),
      ).toEqual({
        code: 'invalid_argument',
        message: 'invalid base64 content',
      });
      expect(await snapshotTree(ws.root)).toEqual([]);
    },
  );

  it('should refuse content above 1 MiB', async () => {
    const content = 'x'.repeat(1_048_577);
    expect(await appFailureOf(ws.run(tool, { path: 'big.txt', content }))).toEqual({
      code: 'invalid_argument',
      message: 'content exceeds 1MB limit',
    });
    expect(await ws.run(tool, { path: 'max.txt', content: 'x'.repeat(1_048_576) })).toMatchObject({
      output: { bytes_written: 1_048_576 },
    });
  });

  it('should refuse a missing parent when create_parents is false', async () => {
    expect(
      await appFailureOf(ws.run(tool, { path: 'a/b.txt', content: '', create_parents: false })),
    ).toEqual({
      code: 'not_found',
      message: 'parent directory not found',
    });
  });

  it('should refuse to write over a directory', async () => {
    await mkdir(join(ws.root, 'dir'));
    expect(await appFailureOf(ws.run(tool, { path: 'dir', content: 'x' }))).toEqual({
      code: 'invalid_argument',
      message: 'path is a directory',
    });
  });

  it('should write to the contained target of a final symlink', async () => {
    await writeFile(join(ws.root, 'real.txt'), 'old');
    await symlink('real.txt', join(ws.root, 'alias.txt'));
    expect(await ws.run(tool, { path: 'alias.txt', content: 'new' })).toMatchObject({
      output: { path: 'alias.txt' },
    });
    expect(await readFile(join(ws.root, 'real.txt'), 'utf8')).toBe('new');
  });
});
