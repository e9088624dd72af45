import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { FsMkdirTool } from './mkdir.tool.js';
import { createToolWorkspace, appFailureOf, type ToolWorkspace } from '#app/testing';

describe('FsMkdirTool', () => {
  let ws: ToolWorkspace;
  const tool = new FsMkdirTool();

  beforeEach(async () => {
    ws = await createToolWorkspace();
  });

  afterEach(() => ws.cleanup());

  it('should create a directory with its parents and apply the mode whatever the umask', async () => {
    const previous = process.umask(0o077);
    try {
      expect(await ws.run(tool, { path: 'a/b', mode: '0o751' })).toEqual({
        output: { path: 'a/b', created: true, mode: '0751' },
      });
    } finally {
      process.umask(previous);
    }
    expect((await stat(join(ws.root, 'a/b'))).mode & 0o777).toBe(0o751);
    expect(await ws.run(tool, { path: 'c', mode: '700' })).toMatchObject({
      output: { mode: '0700' },
    });
  });

  it('should report created false with the current mode when the directory exists and exist_ok', async () => {
    await mkdir(join(ws.root, 'd'), { mode: 0o700 });
    expect(await ws.run(tool, { path: 'd' })).toEqual({
      output: { path: 'd', created: false, mode: '0700' },
    });
  });

  it('should refuse an existing directory when exist_ok is false', async () => {
    await mkdir(join(ws.root, 'd'));
    expect(await appFailureOf(ws.run(tool, { path: 'd', exist_ok: false }))).toEqual({
      code: 'invalid_argument',
      message: 'directory already exists',
    });
  });

  it('should refuse an existing file and a missing parent without create_parents', async () => {
    await writeFile(join(ws.root, 'f'), '');
    expect(await appFailureOf(ws.run(tool, { path: 'f' }))).toEqual({
      code: 'invalid_argument',
      message: 'path exists and is not a directory',
    });
    expect((await appFailureOf(ws.run(tool, { path: 'x/y', create_parents: false }))).code).toBe(
      'not_found',
    );
  });
});
