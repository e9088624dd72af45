import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Issue 11 finding 7: fs.patch / git.apply_patch checked `+++ dir/x` as `dir/x` while git strips one
// component and writes `x`; names only in other headers went unchecked; symlinks a patch makes or
// edits could lead elsewhere. Session limited to `sandbox`; nothing outside it may change.
function createSourceRepository(): string {
  const dir = mkdtempSync(join(tmpdir(), 'patch-e2e-source-'));
  const git = (...args: string[]): void => {
    execFileSync('git', ['-c', 'user.name=Seed', '-c', 'user.email=seed@example.com', ...args], {
      cwd: dir,
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' },
      stdio: 'ignore',
    });
  };
  git('init', '-q');
  writeFileSync(join(dir, 'README.md'), 'Hello\nline two\n');
  mkdirSync(join(dir, 'sandbox'));
  writeFileSync(join(dir, 'sandbox/a.txt'), 'a\n');
  mkdirSync(join(dir, 'secret'));
  writeFileSync(join(dir, 'secret/key.txt'), 'key\n');
  git('add', '.');
  git('commit', '-q', '-m', 'initial commit');
  return dir;
}

/** Every entry under `root` (`.git` left out) with its type, mode and content or link text. */
function snapshot(root: string): Record<string, string> {
  const entries: Record<string, string> = {};
  const visit = (dir: string, prefix: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (name === '.git') {
        continue;
      }
      const path = join(dir, name);
      const stats = lstatSync(path);
      const key = `${prefix}${name}`;
      if (stats.isSymbolicLink()) {
        entries[key] = `link ${readlinkSync(path)}`;
      } else if (stats.isDirectory()) {
        entries[key] = `dir ${stats.mode.toString(8)}`;
        visit(path, `${key}/`);
      } else {
        entries[key] =
          `file ${stats.mode.toString(8)} ${createHash('sha256').update(readFileSync(path)).digest('hex')}`;
      }
    }
  };
  visit(root, '');
  return entries;
}

const ALLOWED_EDIT = '--- a/sandbox/a.txt\n+++ b/sandbox/a.txt\n@@ -1 +1 @@\n-a\n+b\n';
const newFile = (path: string, body: string, mode = '100644'): string =>
  `diff --git a/${path} b/${path}\nnew file mode ${mode}\n--- /dev/null\n+++ b/${path}\n@@ -0,0 +1 @@\n+${body}\n\\ No newline at end of file\n`;

// [label, patch, expected code, expected message (start)]
const ATTACKS: Array<[string, string | ((outside: string) => string), string, string]> = [
  [
    'a classic diff whose first component git strips',
    '--- sandbox/README.md\n+++ sandbox/README.md\n@@ -1,2 +1,2 @@\n-Hello\n+pwned\n line two\n',
    'policy_denied',
    'patch touches paths outside allowed_paths',
  ],
  [
    'a name only in the diff --git line (mode change)',
    `diff --git a/README.md b/README.md\nold mode 100644\nnew mode 100755\n${ALLOWED_EDIT}`,
    'policy_denied',
    'patch touches paths outside allowed_paths',
  ],
  [
    'a quoted name with octal escapes',
    'diff --git "a/\\122EADME.md" "b/\\122EADME.md"\n--- "a/\\122EADME.md"\n+++ "b/\\122EADME.md"\n@@ -1,2 +1,2 @@\n-Hello\n+pwned\n line two\n',
    'policy_denied',
    'patch touches paths outside allowed_paths',
  ],
  [
    'a quoted name with an escaped quote',
    'diff --git "a/sandbox/x\\"y" "b/secret/x\\"y"\nnew file mode 100644\n--- /dev/null\n+++ "b/secret/x\\"y"\n@@ -0,0 +1 @@\n+y\n',
    'policy_denied',
    'patch touches paths outside allowed_paths',
  ],
  [
    'a rename out of allowed_paths',
    'diff --git a/sandbox/a.txt b/secret/a.txt\nsimilarity index 100%\nrename from sandbox/a.txt\nrename to secret/a.txt\n',
    'policy_denied',
    'patch touches paths outside allowed_paths',
  ],
  [
    'a copy from outside allowed_paths',
    'diff --git a/secret/key.txt b/sandbox/key.txt\nsimilarity index 100%\ncopy from secret/key.txt\ncopy to sandbox/key.txt\n',
    'policy_denied',
    'patch touches paths outside allowed_paths',
  ],
  [
    'a deletion outside allowed_paths',
    `diff --git a/README.md b/README.md\ndeleted file mode 100644\n--- a/README.md\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-Hello\n-line two\n`,
    'policy_denied',
    'patch touches paths outside allowed_paths',
  ],
  [
    'a parent segment',
    '--- a/sandbox/../README.md\n+++ b/sandbox/../README.md\n@@ -1 +1 @@\n-Hello\n+x\n',
    'invalid_argument',
    'invalid diff path: ',
  ],
  [
    'an absolute path',
    '--- /etc/hostname\n+++ /etc/hostname\n@@ -1 +1 @@\n-a\n+b\n',
    'invalid_argument',
    'invalid diff path: ',
  ],
  [
    'a symlink to an absolute path',
    newFile('sandbox/etc', '/etc', '120000'),
    'policy_denied',
    'patch creates a symlink leading outside the workspace: sandbox/etc',
  ],
  [
    'a symlink climbing out',
    newFile('sandbox/up', '../../..', '120000'),
    'policy_denied',
    'patch creates a symlink leading outside the workspace: sandbox/up',
  ],
  [
    'a symlink to a directory outside allowed_paths',
    newFile('sandbox/sec', '../secret', '120000'),
    'policy_denied',
    'patch creates a symlink leading outside the workspace: sandbox/sec',
  ],
  [
    'a symlink to the outside directory',
    (outside) => newFile('sandbox/out2', outside, '120000'),
    'policy_denied',
    'patch creates a symlink leading outside the workspace: sandbox/out2',
  ],
  [
    'a symlink whose .. follows an existing symlink',
    newFile('sandbox/esc', 'self/../README.md', '120000'),
    'policy_denied',
    'patch creates a symlink leading outside the workspace: sandbox/esc',
  ],
  [
    'a symlink whose .. follows a symlink of the same patch',
    `${newFile('sandbox/me', '.', '120000')}${newFile('sandbox/esc2', 'me/../README.md', '120000')}`,
    'policy_denied',
    'patch creates a symlink leading outside the workspace: sandbox/esc2',
  ],
  [
    'a write through a symlink of the same patch',
    `${newFile('sandbox/lnk', 'a.txt', '120000')}${newFile('sandbox/lnk/x', 'x')}`,
    'policy_denied',
    'patch writes through a symlink it creates: sandbox/lnk/x',
  ],
  [
    'a mode change turning a file into a symlink',
    'diff --git a/sandbox/a.txt b/sandbox/a.txt\nold mode 100644\nnew mode 120000\n',
    'policy_denied',
    'patch sets a symlink target that cannot be checked: sandbox/a.txt',
  ],
  [
    'a binary symlink',
    'diff --git a/sandbox/bin b/sandbox/bin\nnew file mode 120000\nindex 0000000000000000000000000000000000000000..34ed534fa65f0c6634f8606abb21db4120a3016c\nGIT binary patch\nliteral 4\nLcmdN-ElCCd13Ce0\n\nliteral 0\nHcmV?d00001\n\n',
    'policy_denied',
    'patch sets a symlink target that cannot be checked: sandbox/bin',
  ],
  [
    "an edit of an existing symlink's text",
    '--- a/sandbox/in-link\n+++ b/sandbox/in-link\n@@ -1 +1 @@\n-a.txt\n\\ No newline at end of file\n+/etc\n\\ No newline at end of file\n',
    'policy_denied',
    'patch changes an existing symlink: sandbox/in-link',
  ],
  [
    'a copy of an existing symlink elsewhere',
    'diff --git a/sandbox/in-link b/sandbox/deep/in-link\nsimilarity index 100%\ncopy from sandbox/in-link\ncopy to sandbox/deep/in-link\n',
    'policy_denied',
    'patch changes an existing symlink: sandbox/in-link',
  ],
  [
    'a write through an earlier symlink leading out',
    '--- /dev/null\n+++ b/sandbox/out/pwned.txt\n@@ -0,0 +1 @@\n+x\n',
    'policy_denied',
    'patch touches paths outside allowed_paths',
  ],
  [
    'a write through an earlier symlink to a denied directory',
    '--- /dev/null\n+++ b/sandbox/to-secret/pwned.txt\n@@ -0,0 +1 @@\n+x\n',
    'policy_denied',
    'patch touches paths outside allowed_paths',
  ],
];

describe('patch paths are the paths git writes (fs.patch, git.apply_patch)', () => {
  let t: TestApp;
  let source: string;
  let outside: string;
  let sessionId: string;
  let workspace: string;

  beforeAll(async () => {
    source = createSourceRepository();
    outside = mkdtempSync(join(tmpdir(), 'patch-e2e-outside-'));
    writeFileSync(join(outside, 'victim.txt'), 'victim\n');
    t = await startTestApp();
    const created = await t.request('POST', '/v1/sessions', {
      body: {
        principal: { tenant_id: 'demo', actor_id: 'alice', roles: ['developer'] },
        source_repo_path: source,
        allowed_paths: ['sandbox'],
      },
    });
    expect(created.status).toBe(201);
    sessionId = created.body.session.id;
    workspace = created.body.session.workspace_path;
    symlinkSync(outside, join(workspace, 'sandbox/out'));
    symlinkSync('../secret', join(workspace, 'sandbox/to-secret'));
    symlinkSync('a.txt', join(workspace, 'sandbox/in-link'));
    symlinkSync('.', join(workspace, 'sandbox/self'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(source, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  const invoke = (tool: string, args: Record<string, unknown>) =>
    t.request('POST', `/v1/sessions/${sessionId}/tools/${tool}/invoke`, {
      body: { approved: true, args },
    });

  for (const [tool, field] of [
    ['fs.patch', 'unified_diff'],
    ['git.apply_patch', 'patch'],
  ] as const) {
    it.each(ATTACKS)(
      `${tool}: should refuse %s and change nothing`,
      async (_label, patch, code, message) => {
        const before = { workspace: snapshot(workspace), outside: snapshot(outside) };
        const text = typeof patch === 'string' ? patch : patch(outside);
        const response = await invoke(tool, { [field]: text });
        expect(response.body.error).toMatchObject({
          code,
          message: expect.stringContaining(message),
        });
        expect(response.status).toBe(code === 'invalid_argument' ? 400 : 403);
        expect({ workspace: snapshot(workspace), outside: snapshot(outside) }).toEqual(before);
      },
    );
  }

  it('should apply an allowed patch and report the paths git changed', async () => {
    const patch = `${ALLOWED_EDIT}${newFile('sandbox/link-ok', 'a.txt', '120000')}`;
    const response = await invoke('fs.patch', { unified_diff: patch });
    expect(response.status).toBe(200);
    expect(response.body.invocation.output).toMatchObject({
      applied: true,
      changed_paths: ['sandbox/a.txt', 'sandbox/link-ok'],
    });
    expect(readlinkSync(join(workspace, 'sandbox/link-ok'))).toBe('a.txt');
    expect(readFileSync(join(workspace, 'sandbox/a.txt'), 'utf8')).toBe('b\n');
  });

  it('should report the stripped classic path as git writes it', async () => {
    const patch = '--- x/sandbox/a.txt\n+++ x/sandbox/a.txt\n@@ -1 +1 @@\n-b\n+c\n';
    const response = await invoke('git.apply_patch', { patch, check: true });
    expect(response.status).toBe(200);
    expect(response.body.invocation.output).toMatchObject({ changed_paths: ['sandbox/a.txt'] });
  });
});
