import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { FAKE_API_KEY, FAKE_AWS_KEY_ID, FAKE_GITHUB_TOKEN } from '../testing/fake-secrets.js';
import { appFailureOf as failureOf, createToolWorkspace, type ToolWorkspace } from '#app/testing';
import { findingsOf, scanSecrets } from './secret-scanner.js';

const signal = new AbortController().signal;

describe('scanSecrets', () => {
  let ws: ToolWorkspace;

  beforeEach(async () => {
    ws = await createToolWorkspace({ prefix: 'security-tools-' });
    await ws.write({
      'config/app.env': `NAME=demo\nGITHUB=${FAKE_GITHUB_TOKEN}\n`,
      'src/keys.ts': `export const id = '${FAKE_AWS_KEY_ID}';\nconst apiKey = "${FAKE_API_KEY}";\n`,
      'node_modules/dep/leak.js': `const k = '${FAKE_AWS_KEY_ID}';\n`,
      '.git/config': `token = "${FAKE_API_KEY}"\n`,
      'README.md': 'nothing to see\n',
    });
  });
  afterEach(() => ws.cleanup());

  it('should report masked findings from secretlint and the mandatory patterns, skipping excluded dirs', async () => {
    const scan = await scanSecrets(ws.runtime, '.', 200, signal);
    expect(scan.findings).toEqual([
      { path: 'config/app.env', line: 2, snippet: 'GITHUB=ghp_****' },
      { path: 'src/keys.ts', line: 1, snippet: "export const id = 'AKIA****';" },
      { path: 'src/keys.ts', line: 2, snippet: 'const apiKey = "s3cr****";' },
    ]);
    expect(scan.truncated).toBe(false);
    expect(scan.files_scanned).toBe(3);
    expect(JSON.stringify(scan)).not.toContain(FAKE_GITHUB_TOKEN);
    expect(JSON.stringify(scan)).not.toContain(FAKE_API_KEY);
  });

  it('should stop at max_results and scan a single file path', async () => {
    const scan = await scanSecrets(ws.runtime, '.', 1, signal);
    expect(scan.findings).toHaveLength(1);
    expect(scan.truncated).toBe(true);
    const single = await scanSecrets(ws.runtime, 'src/keys.ts', 10, signal);
    expect(single.findings.map((finding) => finding.line)).toEqual([1, 2]);
  });

  it('should skip binary files and symlinks and refuse paths outside the workspace', async () => {
    await writeFile(
      join(ws.root, 'blob.bin'),
      Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(FAKE_AWS_KEY_ID)]),
    );
    await writeFile(join(ws.outside, 'leak.txt'), FAKE_AWS_KEY_ID);
    await mkdir(join(ws.root, 'links'));
    await symlink(join(ws.outside, 'leak.txt'), join(ws.root, 'links/leak.txt'));
    const scan = await scanSecrets(ws.runtime, '.', 200, signal);
    expect(scan.findings.map((finding) => finding.path)).not.toContain('blob.bin');
    expect(scan.findings.map((finding) => finding.path)).not.toContain('links/leak.txt');
    expect((await failureOf(scanSecrets(ws.runtime, '../outside', 10, signal))).code).toBe(
      'policy_denied',
    );
    expect(await failureOf(scanSecrets(ws.runtime, 'nope', 10, signal))).toEqual({
      code: 'not_found',
      message: 'path not found: nope',
    });
  });
});

describe('findingsOf', () => {
  it('should report the start line of a multi-line secret and cut snippets to 200 characters after masking', () => {
    const content = `a\nkey: BEGINSECRET\nMORESECRET\n${'x'.repeat(300)}SECRETVALUE\n`;
    const start = content.indexOf('BEGINSECRET');
    const late = content.indexOf('SECRETVALUE');
    const findings = findingsOf('f', content, [
      { start, end: content.indexOf('MORESECRET') + 10 },
      { start: late, end: late + 11 },
    ]);
    expect(findings).toEqual([
      { path: 'f', line: 2, snippet: 'key: BEGI****' },
      { path: 'f', line: 4, snippet: 'x'.repeat(200) },
    ]);
  });
});
