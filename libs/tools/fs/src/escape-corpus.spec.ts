import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { JsonObject } from '#app/contracts';
import type { ToolHandler } from '#app/tool-registry';
import { FsCopyTool } from './copy.tool.js';
import { FsDeleteTool } from './delete.tool.js';
import { FsListTool } from './list.tool.js';
import { FsMkdirTool } from './mkdir.tool.js';
import { FsMoveTool } from './move.tool.js';
import { FsPatchTool } from './patch.tool.js';
import { FsReadFileTool } from './read-file.tool.js';
import { FsSearchTool } from './search.tool.js';
import { FsStatTool } from './stat.tool.js';
import { FsWriteFileTool } from './write-file.tool.js';
import { createToolWorkspace, appFailureOf, snapshotTree, type ToolWorkspace } from '#app/testing';

/** One path-taking argument of one tool; the other arguments are valid paths inside `sandbox/`. */
interface Slot {
  label: string;
  tool: ToolHandler;
  args: (path: string) => JsonObject;
}

const addFileDiff = (path: string): string =>
  `--- /dev/null\n+++ b/${path}\n@@ -0,0 +1 @@\n+pwned\n`;

const SLOTS: Slot[] = [
  { label: 'fs.list path', tool: new FsListTool(), args: (path) => ({ path, recursive: true }) },
  { label: 'fs.read_file path', tool: new FsReadFileTool(), args: (path) => ({ path }) },
  {
    label: 'fs.write_file path',
    tool: new FsWriteFileTool(),
    args: (path) => ({ path, content: 'pwned' }),
  },
  { label: 'fs.mkdir path', tool: new FsMkdirTool(), args: (path) => ({ path, mode: '0777' }) },
  {
    label: 'fs.move source_path',
    tool: new FsMoveTool(),
    args: (path) => ({ source_path: path, destination_path: 'sandbox/moved', overwrite: true }),
  },
  {
    label: 'fs.move destination_path',
    tool: new FsMoveTool(),
    args: (path) => ({ source_path: 'sandbox/s.txt', destination_path: path, overwrite: true }),
  },
  {
    label: 'fs.copy source_path',
    tool: new FsCopyTool(),
    args: (path) => ({
      source_path: path,
      destination_path: 'sandbox/copied',
      recursive: true,
      overwrite: true,
    }),
  },
  {
    label: 'fs.copy destination_path',
    tool: new FsCopyTool(),
    args: (path) => ({ source_path: 'sandbox/s.txt', destination_path: path, overwrite: true }),
  },
  {
    label: 'fs.delete path',
    tool: new FsDeleteTool(),
    args: (path) => ({ path, recursive: true, force: true }),
  },
  { label: 'fs.stat path', tool: new FsStatTool(), args: (path) => ({ path }) },
  {
    label: 'fs.search path',
    tool: new FsSearchTool(),
    args: (path) => ({ path, pattern: 'secret' }),
  },
  {
    label: 'fs.patch diff path',
    tool: new FsPatchTool(),
    args: (path) => ({ unified_diff: addFileDiff(path) }),
  },
];

const ESCAPES = { code: 'policy_denied', message: 'path escapes workspace' };
const PATCH_DENIED = {
  code: 'policy_denied',
  message: 'patch touches paths outside allowed_paths',
};

// [case, raw path, expected failure for fs tools, expected failure for the diff paths of fs.patch]
const CORPUS: Array<[string, string, object, object]> = [
  [
    'a parent segment',
    '../x',
    ESCAPES,
    { code: 'invalid_argument', message: 'invalid diff path: ../x' },
  ],
  [
    'a nested parent segment',
    'a/../../x',
    ESCAPES,
    { code: 'invalid_argument', message: 'invalid diff path: a/../../x' },
  ],
  [
    'a foreign absolute path',
    '/etc/passwd',
    ESCAPES,
    { code: 'invalid_argument', message: 'invalid diff path: /etc/passwd' },
  ],
  ['a NUL byte', 'sandbox/s.txt\0x', ESCAPES, PATCH_DENIED],
  ['a symlinked file escaping', 'file-escape', ESCAPES, PATCH_DENIED],
  ['a dangling symlink escaping', 'dangling-escape', ESCAPES, PATCH_DENIED],
  ['a symlinked directory escaping', 'dir-escape', ESCAPES, PATCH_DENIED],
  ['a symlinked parent escaping (existing file)', 'dir-escape/secret.txt', ESCAPES, PATCH_DENIED],
  ['a symlinked parent escaping (new file)', 'dir-escape/new.txt', ESCAPES, PATCH_DENIED],
  ['a nested symlinked parent escaping', 'dir/up/outside/secret.txt', ESCAPES, PATCH_DENIED],
];

async function seed(ws: ToolWorkspace): Promise<void> {
  await mkdir(join(ws.root, 'dir'));
  await mkdir(join(ws.root, 'sandbox'));
  await writeFile(join(ws.root, 'file.txt'), 'file');
  await writeFile(join(ws.root, 'dir/inner.txt'), 'inner');
  await writeFile(join(ws.root, 'sandbox/s.txt'), 'sandboxed');
  await symlink(join(ws.outside, 'secret.txt'), join(ws.root, 'file-escape'));
  await symlink(join(ws.outside, 'created-by-attack.txt'), join(ws.root, 'dangling-escape'));
  await symlink(ws.outside, join(ws.root, 'dir-escape'));
  await symlink('../..', join(ws.root, 'dir/up'));
}

describe('fs escape corpus', () => {
  let ws: ToolWorkspace;
  let before: string[];

  beforeEach(async () => {
    ws = await createToolWorkspace();
    await seed(ws);
    before = await snapshotTree(ws.base);
  });

  afterEach(async () => {
    // Neither the workspace nor anything beside it (the `outside` directory) may have changed.
    expect(await snapshotTree(ws.base)).toEqual(before);
    await ws.cleanup();
  });

  describe.each(SLOTS)('$label', ({ label, tool, args }) => {
    it.each(CORPUS)('should refuse %s', async (_name, raw, expected, expectedForPatch) => {
      const failure = await appFailureOf(ws.run(tool, args(raw)));
      expect(failure).toEqual(label.startsWith('fs.patch') ? expectedForPatch : expected);
    });
  });

  it.each([
    [
      'fs.delete',
      new FsDeleteTool(),
      { path: '.', recursive: true },
      'refusing to delete workspace root',
    ],
    [
      'fs.delete',
      new FsDeleteTool(),
      { path: '', recursive: true },
      'refusing to delete workspace root',
    ],
    [
      'fs.delete',
      new FsDeleteTool(),
      { path: '@root', recursive: true },
      'refusing to delete workspace root',
    ],
    [
      'fs.move',
      new FsMoveTool(),
      { source_path: '.', destination_path: 'sandbox/x' },
      'refusing to move workspace root',
    ],
    [
      'fs.move',
      new FsMoveTool(),
      { source_path: '@root', destination_path: 'sandbox/x' },
      'refusing to move workspace root',
    ],
    [
      'fs.move',
      new FsMoveTool(),
      { source_path: 'sandbox/s.txt', destination_path: '.', overwrite: true },
      'refusing to replace workspace root',
    ],
    [
      'fs.copy',
      new FsCopyTool(),
      { source_path: 'sandbox/s.txt', destination_path: '@root', overwrite: true },
      'refusing to replace workspace root',
    ],
  ])('should refuse %s on the workspace root (%j)', async (_name, tool, rawArgs, message) => {
    const args = JSON.parse(JSON.stringify(rawArgs).replaceAll('@root', ws.root)) as JsonObject;
    expect(await appFailureOf(ws.run(tool, args))).toEqual({ code: 'policy_denied', message });
  });
});

describe('fs escape corpus with allowed_paths [sandbox]', () => {
  let ws: ToolWorkspace;
  let before: string[];

  beforeEach(async () => {
    ws = await createToolWorkspace({ allowedPaths: ['sandbox'] });
    await seed(ws);
    await symlink('../dir', join(ws.root, 'sandbox/peek'));
    before = await snapshotTree(ws.base);
  });

  afterEach(async () => {
    expect(await snapshotTree(ws.base)).toEqual(before);
    await ws.cleanup();
  });

  describe.each(SLOTS)('$label', ({ label, tool, args }) => {
    it.each(['file.txt', 'dir/inner.txt', 'sandbox/peek', 'sandbox/peek/inner.txt'])(
      'should refuse %j as outside allowed_paths',
      async (raw) => {
        const expected = label.startsWith('fs.patch')
          ? PATCH_DENIED
          : { code: 'policy_denied', message: 'path outside allowed_paths' };
        expect(await appFailureOf(ws.run(tool, args(raw)))).toEqual(expected);
      },
    );
  });
});

describe('fs absolute paths inside the workspace', () => {
  let ws: ToolWorkspace;

  beforeEach(async () => {
    ws = await createToolWorkspace();
    await seed(ws);
  });

  afterEach(() => ws.cleanup());

  it.each([
    ['fs.list', new FsListTool(), { path: '@/dir' }, { path: 'dir', count: 2 }],
    [
      'fs.read_file',
      new FsReadFileTool(),
      { path: '@/file.txt' },
      { path: 'file.txt', content: 'file' },
    ],
    [
      'fs.write_file',
      new FsWriteFileTool(),
      { path: '@/new.txt', content: 'x' },
      { path: 'new.txt', bytes_written: 1 },
    ],
    ['fs.mkdir', new FsMkdirTool(), { path: '@/made' }, { path: 'made', created: true }],
    [
      'fs.move',
      new FsMoveTool(),
      { source_path: '@/file.txt', destination_path: '@/moved.txt' },
      { source_path: 'file.txt', destination_path: 'moved.txt', moved: true },
    ],
    [
      'fs.copy',
      new FsCopyTool(),
      { source_path: '@/file.txt', destination_path: '@/copy.txt' },
      { source_path: 'file.txt', destination_path: 'copy.txt', copied: true },
    ],
    ['fs.delete', new FsDeleteTool(), { path: '@/file.txt' }, { path: 'file.txt', deleted: true }],
    ['fs.stat', new FsStatTool(), { path: '@/dir/' }, { path: 'dir', exists: true, type: 'dir' }],
    [
      'fs.search',
      new FsSearchTool(),
      { path: '@/dir', pattern: 'inner' },
      { path: 'dir', count: 1 },
    ],
  ])(
    'should accept %s with an absolute path and echo it relative',
    async (_name, tool, rawArgs, expected) => {
      const args = JSON.parse(
        JSON.stringify(rawArgs).replaceAll('@/', `${ws.root}/`),
      ) as JsonObject;
      expect((await ws.run(tool, args)).output).toMatchObject(expected);
    },
  );

  it('should refuse an absolute diff path in fs.patch as documented', async () => {
    const path = `${ws.root}/new.txt`;
    expect(
      await appFailureOf(
        ws.run(new FsPatchTool(), { unified_diff: `--- /dev/null\n+++ ${path}\n` }),
      ),
    ).toEqual({
      code: 'invalid_argument',
      message: `invalid diff path: ${path}`,
    });
  });
});
