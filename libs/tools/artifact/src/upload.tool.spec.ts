import { createHash } from 'node:crypto';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { ArtifactUploadTool } from './upload.tool.js';
import { createToolWorkspace, appFailureOf, type ToolWorkspace } from '#app/testing';

describe('ArtifactUploadTool', () => {
  let ws: ToolWorkspace;
  const tool = new ArtifactUploadTool();

  beforeEach(async () => {
    ws = await createToolWorkspace({ noPrograms: true });
    await mkdir(join(ws.root, 'out'));
    await writeFile(join(ws.root, 'out/report.json'), '{"ok":true}');
  });

  afterEach(() => ws.cleanup());

  it('should attach the file as an artifact named after its base name', async () => {
    const result = await ws.run(tool, { path: 'out/report.json' });
    expect(result.output).toEqual({
      path: 'out/report.json',
      artifact_name: 'report.json',
      content_type: 'application/octet-stream',
      size_bytes: 11,
      sha256: createHash('sha256').update('{"ok":true}').digest('hex'),
      truncated: false,
      summary: 'attached out/report.json as report.json (11 bytes)',
    });
    expect(result.artifacts).toEqual([
      {
        name: 'report.json',
        content_type: 'application/octet-stream',
        data: Buffer.from('{"ok":true}'),
      },
    ]);
    expect(result.logs).toBeUndefined();
  });

  it('should sanitise a given name and keep the given content type', async () => {
    const result = await ws.run(tool, {
      path: 'out/report.json',
      name: '../../etc/pass..wd',
      content_type: 'application/json',
    });
    expect(result.output).toMatchObject({
      artifact_name: 'passwd',
      content_type: 'application/json',
    });
    expect(result.artifacts?.[0]?.name).toBe('passwd');
  });

  it('should cut the content at max_bytes and flag truncation', async () => {
    await writeFile(join(ws.root, 'big.bin'), Buffer.alloc(5000, 1));
    const result = await ws.run(tool, { path: 'big.bin', max_bytes: 1024 });
    expect(result.output).toMatchObject({ size_bytes: 1024, truncated: true });
    expect(result.artifacts?.[0]?.data).toHaveLength(1024);
  });

  it('should refuse directories, missing files and escaping paths', async () => {
    expect(await appFailureOf(ws.run(tool, { path: 'out' }))).toEqual({
      code: 'invalid_argument',
      message: 'path is a directory',
    });
    expect((await appFailureOf(ws.run(tool, { path: 'nope' }))).code).toBe('not_found');
    await symlink(join(ws.outside, 'secret.txt'), join(ws.root, 'leak'));
    expect(await appFailureOf(ws.run(tool, { path: 'leak' }))).toEqual({
      code: 'policy_denied',
      message: 'path escapes workspace',
    });
    expect((await appFailureOf(ws.run(tool, { path: '../outside/secret.txt' }))).code).toBe(
      'policy_denied',
    );
  });
});
