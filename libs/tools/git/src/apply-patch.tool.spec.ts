import { mkdir, readFile, symlink } from 'node:fs/promises';
import { join } from 'node:path';

import { GitApplyPatchTool } from './apply-patch.tool.js';
import { appFailureOf, outputOf } from '#app/testing';
import { createGitWorkspace, type GitWorkspace } from './testing/git-workspace.fixture.js';

const EDIT_README =
  '--- a/README.md\n+++ b/README.md\n@@ -1,2 +1,2 @@\n-Hello\n+Hello, world\n line two\n';
const NEW_FILE =
  'diff --git a/docs/new.md b/docs/new.md\nnew file mode 100644\n--- /dev/null\n+++ b/docs/new.md\n@@ -0,0 +1 @@\n+fresh\n';

describe('GitApplyPatchTool', () => {
  const tool = new GitApplyPatchTool();
  let ws: GitWorkspace;

  beforeEach(async () => {
    ws = await createGitWorkspace();
  });

  afterEach(() => ws.cleanup());

  it('should apply a patch and list the changed paths sorted and unique', async () => {
    const result = await ws.run(tool, { patch: `${NEW_FILE}${EDIT_README}` });
    expect(result.error).toBeUndefined();
    expect(result.output).toMatchObject({
      applied: true,
      check: false,
      changed_paths: ['README.md', 'docs/new.md'],
      output: '',
      command: expect.arrayContaining(['apply', '--whitespace=nowarn']),
      exit_code: 0,
    });
    expect(await readFile(join(ws.root, 'README.md'), 'utf8')).toBe('Hello, world\nline two\n');
    expect(await readFile(join(ws.root, 'docs/new.md'), 'utf8')).toBe('fresh\n');
  });

  it('should change nothing and report applied false when check is true', async () => {
    const result = await ws.run(tool, { patch: EDIT_README, check: true });
    expect(result.error).toBeUndefined();
    expect(result.output).toMatchObject({
      applied: false,
      check: true,
      command: expect.arrayContaining(['--check']),
    });
    expect(await readFile(join(ws.root, 'README.md'), 'utf8')).toBe('Hello\nline two\n');
  });

  it('should report execution_failed with the output kept when the patch does not apply', async () => {
    const stale = '--- a/README.md\n+++ b/README.md\n@@ -1 +1 @@\n-Something else\n+x\n';
    const result = await ws.run(tool, { patch: stale });
    expect(result.error).toMatchObject({
      code: 'execution_failed',
      message: expect.stringMatching(/^command failed: /),
    });
    expect(outputOf(result)).toMatchObject({
      applied: false,
      exit_code: 1,
      output: expect.stringContaining('README.md'),
    });
  });

  it('should refuse traversal and absolute paths before running git', async () => {
    for (const path of ['../x', '/etc/passwd', 'x/../../y']) {
      const patch = `--- ${path}\n+++ ${path}\n@@ -1 +1 @@\n-a\n+b\n`;
      expect(await appFailureOf(ws.run(tool, { patch }))).toEqual({
        code: 'invalid_argument',
        message: `invalid diff path: ${path}`,
      });
    }
    expect(await appFailureOf(ws.run(tool, { patch: 'no paths here\n' }))).toEqual({
      code: 'invalid_argument',
      message: 'diff contains no file paths',
    });
  });

  it('should refuse a path through a symlinked directory that escapes the workspace', async () => {
    await symlink(ws.outside, join(ws.root, 'linked'));
    const patch = '--- /dev/null\n+++ b/linked/pwned.txt\n@@ -0,0 +1 @@\n+x\n';
    expect(await appFailureOf(ws.run(tool, { patch }))).toEqual({
      code: 'policy_denied',
      message: 'patch touches paths outside allowed_paths',
    });
    await expect(readFile(join(ws.outside, 'pwned.txt'))).rejects.toThrow();
  });

  it('should refuse paths outside allowed_paths when the session is limited', async () => {
    const limited = await createGitWorkspace({ allowedPaths: ['sandbox'] });
    try {
      await mkdir(join(limited.root, 'sandbox'));
      expect(await appFailureOf(limited.run(tool, { patch: EDIT_README }))).toEqual({
        code: 'policy_denied',
        message: 'patch touches paths outside allowed_paths',
      });
      const inside = '--- /dev/null\n+++ b/sandbox/ok.txt\n@@ -0,0 +1 @@\n+ok\n';
      expect(outputOf(await limited.run(tool, { patch: inside }))).toMatchObject({ applied: true });
    } finally {
      await limited.cleanup();
    }
  });
});
