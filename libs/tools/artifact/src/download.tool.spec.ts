import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { ArtifactDownloadTool } from './download.tool.js';
import { createToolWorkspace, appFailureOf, type ToolWorkspace } from '#app/testing';

describe('ArtifactDownloadTool', () => {
  let ws: ToolWorkspace;
  const tool = new ArtifactDownloadTool();

  beforeEach(async () => {
    ws = await createToolWorkspace({ noPrograms: true });
    await writeFile(join(ws.root, 'log.txt'), 'line 1\n');
    await writeFile(join(ws.root, 'bin.dat'), Buffer.from([0xff, 0xfe]));
  });

  afterEach(() => ws.cleanup());

  it('should return base64 content by default', async () => {
    expect(await ws.run(tool, { path: 'bin.dat' })).toEqual({
      output: {
        path: 'bin.dat',
        encoding: 'base64',
        content_base64: '//4=',
        size_bytes: 2,
        sha256: createHash('sha256')
          .update(Buffer.from([0xff, 0xfe]))
          .digest('hex'),
        truncated: false,
      },
    });
  });

  it('should return text when utf8 is asked and the bytes are valid', async () => {
    expect(await ws.run(tool, { path: 'log.txt', encoding: 'utf8' })).toMatchObject({
      output: { encoding: 'utf8', content: 'line 1\n', size_bytes: 7 },
    });
  });

  it('should fail with execution_failed when utf8 is asked for invalid bytes', async () => {
    expect(await appFailureOf(ws.run(tool, { path: 'bin.dat', encoding: 'utf8' }))).toEqual({
      code: 'execution_failed',
      message: 'content is not valid utf-8',
    });
  });

  it('should cut at max_bytes and report the bytes returned', async () => {
    await writeFile(join(ws.root, 'big.txt'), 'y'.repeat(3000));
    expect(
      await ws.run(tool, { path: 'big.txt', encoding: 'utf8', max_bytes: 1024 }),
    ).toMatchObject({
      output: { size_bytes: 1024, truncated: true },
    });
  });
});
