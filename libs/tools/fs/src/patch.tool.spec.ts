import { execFileSync } from 'node:child_process';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { FsPatchTool } from './patch.tool.js';
import { collectDiffPaths } from '#app/tooling';
import { createToolWorkspace, appFailureOf, snapshotTree, type ToolWorkspace } from '#app/testing';

const EDIT_README =
  '--- a/README.md\n+++ b/README.md\n@@ -1,2 +1,2 @@\n-Hello\n+Hello, world\n line two\n';
const NEW_FILE = '--- /dev/null\n+++ b/docs/new.md\n@@ -0,0 +1 @@\n+fresh\n';

describe('FsPatchTool', () => {
  let ws: ToolWorkspace;
  const tool = new FsPatchTool();

  beforeEach(async () => {
    ws = await createToolWorkspace();
    await writeFile(join(ws.root, 'README.md'), 'Hello\nline two\n');
  });

  afterEach(() => ws.cleanup());

  it('should apply a diff and list the changed paths sorted and unique', async () => {
    const result = await ws.run(tool, { unified_diff: `${NEW_FILE}${EDIT_README}` });
    expect(result).toMatchObject({
      output: {
        applied: true,
        strategy: 'reject_on_conflict',
        changed_paths: ['README.md', 'docs/new.md'],
      },
      exit_code: 0,
    });
    expect(result.error).toBeUndefined();
    expect(await readFile(join(ws.root, 'README.md'), 'utf8')).toBe('Hello, world\nline two\n');
    expect(await readFile(join(ws.root, 'docs/new.md'), 'utf8')).toBe('fresh\n');
  });

  it('should keep the output and report execution_failed when git apply fails', async () => {
    await writeFile(join(ws.root, 'README.md'), 'Something else\n');
    const result = await ws.run(tool, { unified_diff: EDIT_README });
    expect(result.output).toMatchObject({ applied: false, changed_paths: ['README.md'] });
    expect((result.output as { output: string }).output).toContain('README.md');
    expect(result.error).toMatchObject({
      code: 'execution_failed',
      message: expect.stringMatching(/^command failed: /),
    });
    expect(await readFile(join(ws.root, 'README.md'), 'utf8')).toBe('Something else\n');
  });

  it('should apply with --3way in a git repository when the strategy is apply', async () => {
    const git = (...args: string[]): void => {
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
        cwd: ws.root,
        stdio: 'ignore',
      });
    };
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'init');
    expect(await ws.run(tool, { unified_diff: EDIT_README, strategy: 'apply' })).toMatchObject({
      output: { applied: true, strategy: 'apply' },
    });
    expect(await readFile(join(ws.root, 'README.md'), 'utf8')).toBe('Hello, world\nline two\n');
  });

  it('should apply nothing and report execution_failed when git cannot read the patch', async () => {
    const corrupt = '--- a/README.md\n+++ b/README.md\n@@ -1,2 +1,2 @@\n-Hello\n';
    const result = await ws.run(tool, { unified_diff: corrupt });
    expect(result.output).toMatchObject({ applied: false, changed_paths: [] });
    expect(result.error).toMatchObject({
      code: 'execution_failed',
      message: expect.stringMatching(/^command failed: /),
    });
    expect(await readFile(join(ws.root, 'README.md'), 'utf8')).toBe('Hello\nline two\n');
  });

  it('should let git refuse a write below an in-workspace symlinked directory', async () => {
    await mkdir(join(ws.root, 'real'));
    await symlink('real', join(ws.root, 'alias'));
    const result = await ws.run(tool, {
      unified_diff: '--- /dev/null\n+++ b/alias/new.txt\n@@ -0,0 +1 @@\n+x\n',
    });
    expect(result.error).toMatchObject({
      code: 'execution_failed',
      message: expect.stringContaining('beyond a symbolic link'),
    });
    await expect(readFile(join(ws.root, 'real/new.txt'))).rejects.toThrow();
  });

  it('should never run a filter driver the workspace repository config defines', async () => {
    const git = (...args: string[]): void => {
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
        cwd: ws.root,
        stdio: 'ignore',
      });
    };
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'init');
    const marker = join(ws.outside, 'smudged');
    git('config', 'filter.evil.smudge', `touch ${marker}; cat`);
    await writeFile(join(ws.root, '.gitattributes'), '* filter=evil\n');
    expect(await ws.run(tool, { unified_diff: NEW_FILE })).toMatchObject({
      output: { applied: true },
    });
    expect(
      await appFailureOf(ws.run(tool, { unified_diff: EDIT_README, strategy: 'apply' })),
    ).toEqual({
      code: 'policy_denied',
      message: 'repository config defines commands git apply would run: filter.evil.smudge',
    });
    await expect(readFile(marker)).rejects.toThrow();
    expect(await readFile(join(ws.root, 'README.md'), 'utf8')).toBe('Hello\nline two\n');
  });

  it('should refuse a diff without paths and invalid paths before running git', async () => {
    expect(await appFailureOf(ws.run(tool, { unified_diff: 'just some text\n' }))).toEqual({
      code: 'invalid_argument',
      message: 'diff contains no file paths',
    });
    for (const path of ['../x', '/etc/passwd', '.', 'x/../../b']) {
      const diff = `--- ${path}\n+++ ${path}\n@@ -1 +1 @@\n-a\n+b\n`;
      expect(await appFailureOf(ws.run(tool, { unified_diff: diff }))).toEqual({
        code: 'invalid_argument',
        message: `invalid diff path: ${path}`,
      });
    }
  });

  it('should apply a diff confined to allowed_paths when the session is limited to them', async () => {
    const limited = await createToolWorkspace({ allowedPaths: ['sandbox'] });
    try {
      await mkdir(join(limited.root, 'sandbox'));
      const diff = '--- /dev/null\n+++ b/sandbox/new.txt\n@@ -0,0 +1 @@\n+ok\n';
      expect(await limited.run(tool, { unified_diff: diff })).toMatchObject({
        output: { applied: true, changed_paths: ['sandbox/new.txt'] },
      });
      expect(await readFile(join(limited.root, 'sandbox/new.txt'), 'utf8')).toBe('ok\n');
    } finally {
      await limited.cleanup();
    }
  });

  it('should refuse paths outside allowed_paths or behind an escaping symlink without touching files', async () => {
    const limited = await createToolWorkspace({ allowedPaths: ['sandbox'] });
    try {
      await mkdir(join(limited.root, 'sandbox'));
      expect(await appFailureOf(limited.run(tool, { unified_diff: EDIT_README }))).toEqual({
        code: 'policy_denied',
        message: 'patch touches paths outside allowed_paths',
      });
    } finally {
      await limited.cleanup();
    }
    await symlink(ws.outside, join(ws.root, 'out'));
    const before = await snapshotTree(ws.base);
    const escaping = '--- /dev/null\n+++ b/out/pwned.txt\n@@ -0,0 +1 @@\n+x\n';
    expect(await appFailureOf(ws.run(tool, { unified_diff: escaping }))).toEqual({
      code: 'policy_denied',
      message: 'patch touches paths outside allowed_paths',
    });
    expect(await snapshotTree(ws.base)).toEqual(before);
  });
});

describe('collectDiffPaths', () => {
  it('should read git rename and copy headers without stripping their names, and the diff --git names stripped', () => {
    const diff = [
      'diff --git a/old.txt b/a/new.txt',
      'similarity index 100%',
      'rename from old.txt',
      'rename to a/new.txt',
      'copy from "sp ace\\303\\251.txt"',
      'copy to c.txt',
    ].join('\n');
    expect(collectDiffPaths(diff)).toEqual([
      'old.txt',
      'a/new.txt',
      'old.txt',
      'a/new.txt',
      'sp aceé.txt',
      'c.txt',
    ]);
  });

  it('should not take hunk lines that look like headers for paths', () => {
    const diff =
      '--- a/q.sql\n+++ b/q.sql\n@@ -1,2 +1,2 @@\n--- comment\n+++ other\n keep\n\\ No newline at end of file\n';
    expect(collectDiffPaths(diff)).toEqual(['q.sql', 'q.sql']);
  });

  // Issue 11: git apply -p1 strips the first component of every ---/+++ name, a/ or not.
  it('should drop classic diff timestamps after a tab and strip one component as git does', () => {
    expect(collectDiffPaths('--- lib/x.c\t2024-01-01 00:00:00\n+++ lib/x.c\t2024-01-02\n')).toEqual(
      ['x.c', 'x.c'],
    );
  });
});
