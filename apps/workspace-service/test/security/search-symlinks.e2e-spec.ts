import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Issue 11 finding 8: `repo.symbol_search` (`grep -R`) printed `/etc/passwd` lines through a symlink
// a patch had made. CATALOG.md 3.3: no walk follows a symlink, whatever its target.
const OUTSIDE_TEXT = 'OUTSIDE_7f3 token = "abcdefghijklmnopqrstuvwx" AKIAABCDEFGHIJKLMNOP\n';
const LEAKS = [/outside_7f3/i, /root:x:0:0/, /AKIAABCDEFGHIJKLMNOP/];

describe('search and listing tools never follow a symlink out of the workspace', () => {
  let t: TestApp;
  let outside: string;
  let sessionId: string;

  beforeAll(async () => {
    outside = mkdtempSync(join(tmpdir(), 'search-symlinks-outside-'));
    writeFileSync(join(outside, 'secret.txt'), OUTSIDE_TEXT);
    writeFileSync(join(outside, 'Dockerfile'), 'FROM outside_7f3:latest\nRUN chmod 777 /x\n');
    writeFileSync(
      join(outside, 'package.json'),
      JSON.stringify({ name: 'outside_7f3', version: '1.0.0' }),
    );
    writeFileSync(
      join(outside, 'package-lock.json'),
      JSON.stringify({
        name: 'outside_7f3',
        lockfileVersion: 3,
        packages: {
          '': { name: 'outside_7f3' },
          'node_modules/outside_7f3-dep': { version: '1.0.0', license: 'MIT' },
        },
      }),
    );
    t = await startTestApp();
    const created = await t.request('POST', '/v1/sessions', {
      body: { principal: { tenant_id: 'demo', actor_id: 'alice', roles: ['developer'] } },
    });
    expect(created.status).toBe(201);
    sessionId = created.body.session.id;
    const workspace: string = created.body.session.workspace_path;
    mkdirSync(join(workspace, 'src/deep'), { recursive: true });
    writeFileSync(join(workspace, 'src/inside.txt'), 'INSIDE_7f3 root here\n');
    // Absolute and relative escapes, to a directory and to a file, chains of links, and /etc itself.
    symlinkSync(outside, join(workspace, 'abs-dir'));
    symlinkSync(
      relative(join(workspace, 'src/deep'), outside),
      join(workspace, 'src/deep/rel-dir'),
    );
    symlinkSync(join(outside, 'secret.txt'), join(workspace, 'abs-file.txt'));
    symlinkSync('abs-file.txt', join(workspace, 'chain-file.txt'));
    symlinkSync('abs-dir', join(workspace, 'chain-dir'));
    symlinkSync('/etc', join(workspace, 'etc'));
    symlinkSync('/etc/passwd', join(workspace, 'src/passwd'));
    symlinkSync(join(outside, 'package-lock.json'), join(workspace, 'package-lock.json'));
    symlinkSync(join(outside, 'package.json'), join(workspace, 'package.json'));
    // In the workspace: never followed either (consistency), so src/ is not reported twice.
    symlinkSync('src', join(workspace, 'inside-link'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(outside, { recursive: true, force: true });
  });

  const invoke = (tool: string, args: Record<string, unknown>) =>
    t.request('POST', `/v1/sessions/${sessionId}/tools/${tool}/invoke`, {
      body: { approved: true, args },
    });

  it.each<[string, Record<string, unknown>]>([
    ['fs.search', { pattern: '7f3|root:x' }],
    ['fs.list', { recursive: true, max_entries: 1000 }],
    ['repo.symbol_search', { symbol: '7f3' }],
    ['repo.symbol_search', { symbol: 'x:0:0' }],
    ['repo.find_references', { symbol: 'root' }],
    ['repo.find_references', { symbol: 'token' }],
    ['security.scan_secrets', {}],
    ['security.scan_container', {}],
    ['security.scan_dependencies', {}],
    ['security.license_check', {}],
    ['sbom.generate', {}],
    ['artifact.list', {}],
  ])('%s %j shows nothing from outside the workspace', async (tool, args) => {
    const response = await invoke(tool, args);
    expect(response.status).not.toBe(500);
    for (const leak of LEAKS) {
      expect(response.text).not.toMatch(leak);
    }
    expect(response.text).not.toMatch(/inside-link\/|abs-dir\/|rel-dir\/|chain-dir\/|etc\//);
  });

  it('should still find the in-workspace match through grep', async () => {
    const response = await invoke('repo.symbol_search', { symbol: '7f3' });
    expect(response.status).toBe(200);
    expect(response.body.invocation.output.matches).toEqual([
      { path: 'src/inside.txt', line: 1, column: 8, snippet: 'INSIDE_7f3 root here' },
    ]);
  });

  it.each(['security.scan_dependencies', 'security.license_check', 'sbom.generate'])(
    '%s should not list a node_modules package linked from outside',
    async (tool) => {
      const created = await t.request('POST', '/v1/sessions', {
        body: { principal: { tenant_id: 'demo', actor_id: 'alice', roles: ['developer'] } },
      });
      const root: string = created.body.session.workspace_path;
      writeFileSync(
        join(root, 'package.json'),
        JSON.stringify({ name: 'inside', version: '1.0.0', dependencies: { evil: '*' } }),
      );
      mkdirSync(join(outside, 'evil-pkg'), { recursive: true });
      writeFileSync(
        join(outside, 'evil-pkg/package.json'),
        JSON.stringify({ name: 'evil', version: '7.7.7', license: 'OUTSIDE_7f3' }),
      );
      mkdirSync(join(root, 'node_modules/@scope'), { recursive: true });
      symlinkSync(join(outside, 'evil-pkg'), join(root, 'node_modules/evil'));
      symlinkSync(join(outside, 'evil-pkg'), join(root, 'node_modules/@scope/evil'));
      const response = await t.request(
        'POST',
        `/v1/sessions/${created.body.session.id}/tools/${tool}/invoke`,
        {
          body: { approved: true, args: {} },
        },
      );
      expect(response.status).not.toBe(500);
      expect(response.text).not.toMatch(/outside_7f3|7\.7\.7/i);
      expect(response.body.invocation.output.diagnostics).toEqual(
        expect.arrayContaining([
          {
            file: 'node_modules/evil',
            message: 'skipped toolchain listing: symlink leaves the workspace',
          },
        ]),
      );
    },
  );

  it('should refuse a start path that is an escaping symlink', async () => {
    for (const path of ['abs-dir', 'src/deep/rel-dir', 'chain-dir', 'chain-file.txt', 'etc']) {
      const response = await invoke('repo.symbol_search', { symbol: 'root', path });
      expect(response.status).toBe(403);
      expect(response.body.error).toMatchObject({
        code: 'policy_denied',
        message: 'path escapes workspace',
      });
    }
  });
});
