import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { ArtifactListTool } from './list.tool.js';
import { createToolWorkspace, appFailureOf, type ToolWorkspace } from '#app/testing';

describe('ArtifactListTool', () => {
  let ws: ToolWorkspace;
  const tool = new ArtifactListTool();

  beforeEach(async () => {
    ws = await createToolWorkspace({ noPrograms: true });
    await mkdir(join(ws.root, 'build/reports'), { recursive: true });
    await mkdir(join(ws.root, '.git'));
    await writeFile(join(ws.root, '.git/HEAD'), 'ref: main');
    await writeFile(join(ws.root, 'build/reports/junit.xml'), '<x/>');
    await writeFile(join(ws.root, 'build/app.js'), 'js');
    await writeFile(join(ws.root, '.env.xml'), 'hidden');
    await symlink('build/app.js', join(ws.root, 'link.js'));
  });

  afterEach(() => ws.cleanup());

  it('should list regular files recursively sorted by path, skipping .git and symlinks', async () => {
    expect(await ws.run(tool, {})).toEqual({
      output: {
        path: '.',
        recursive: true,
        count: 3,
        truncated: false,
        artifacts: [
          { path: '.env.xml', size_bytes: 6 },
          { path: 'build/app.js', size_bytes: 2 },
          { path: 'build/reports/junit.xml', size_bytes: 4 },
        ],
      },
    });
  });

  it('should match the glob against the relative path or the base name, dot files included', async () => {
    const byName = await ws.run(tool, { pattern: '*.xml' });
    expect(byName.output).toMatchObject({ pattern: '*.xml', count: 2 });
    const byPath = await ws.run(tool, { pattern: 'build/*.[jt]s' });
    expect(byPath.output).toMatchObject({ artifacts: [{ path: 'build/app.js' }] });
  });

  it('should stay in the directory when not recursive and cut at max_entries', async () => {
    expect(await ws.run(tool, { path: 'build', recursive: false })).toMatchObject({
      output: { path: 'build', recursive: false, count: 1, artifacts: [{ path: 'build/app.js' }] },
    });
    expect(await ws.run(tool, { max_entries: 2 })).toMatchObject({
      output: { count: 2, truncated: true },
    });
  });

  it('should refuse a path outside the workspace', async () => {
    expect(await appFailureOf(ws.run(tool, { path: '../outside' }))).toEqual({
      code: 'policy_denied',
      message: 'path escapes workspace',
    });
  });
});
