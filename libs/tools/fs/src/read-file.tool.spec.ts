import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { FsReadFileTool } from './read-file.tool.js';
import { appFailureOf as failureOf, createToolWorkspace, type ToolWorkspace } from '#app/testing';

describe('FsReadFileTool', () => {
  let ws: ToolWorkspace;
  const tool = new FsReadFileTool();

  beforeEach(async () => {
    ws = await createToolWorkspace();
  });

  afterEach(() => ws.cleanup());

  it('should return UTF-8 text when the bytes are valid UTF-8', async () => {
    await writeFile(join(ws.root, 'notes.txt'), 'héllo\n');
    expect(await ws.run(tool, { path: './notes.txt' })).toEqual({
      output: {
        path: 'notes.txt',
        content: 'héllo\n',
        encoding: 'utf8',
        size_bytes: 7,
        truncated: false,
      },
    });
  });

  it('should return base64 when the bytes are not valid UTF-8', async () => {
    await writeFile(join(ws.root, 'blob.bin'), Buffer.from([0xff, 0x00, 0x01]));
    expect(await ws.run(tool, { path: 'blob.bin' })).toMatchObject({
      output: { content: '/wAB', encoding: 'base64', size_bytes: 3 },
    });
  });

  it('should read at most max_bytes and flag truncation', async () => {
    await writeFile(join(ws.root, 'long.txt'), 'abcdefgh');
    expect(await ws.run(tool, { path: 'long.txt', max_bytes: 3 })).toMatchObject({
      output: { content: 'abc', size_bytes: 8, truncated: true },
    });
  });

  it('should refuse a directory and a missing file', async () => {
    await mkdir(join(ws.root, 'dir'));
    expect(await failureOf(ws.run(tool, { path: 'dir' }))).toEqual({
      code: 'invalid_argument',
      message: 'path is a directory',
    });
    expect(await failureOf(ws.run(tool, { path: 'gone.txt' }))).toEqual({
      code: 'not_found',
      message: 'path not found: gone.txt',
    });
  });
});
