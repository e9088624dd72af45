import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../support/test-app.js';

// WORKSPACE_LOCAL_SANDBOX=required on a host whose bwrap cannot create namespaces (a stand-in
// first on PATH): command tools refuse with 503, nothing runs on the host, fs and artifact tools
// keep working, /readyz says why. `auto` is read as `required` (it used to fall back).
describe.each(['required', 'auto'])('sandbox unavailable (WORKSPACE_LOCAL_SANDBOX=%s)', (mode) => {
  const base = mkdtempSync(join(tmpdir(), 'wes-fail-closed-'));
  const source = join(base, 'source');
  const marker = join(base, 'ran-on-host');
  const savedPath = process.env['PATH'];
  let t: TestApp;
  let session: string;

  const invoke = (tool: string, args: Record<string, unknown>, approved = false) =>
    t.request('POST', `/v1/sessions/${session}/tools/${tool}/invoke`, {
      body: { args, ...(approved ? { approved } : {}) },
    });

  beforeAll(async () => {
    mkdirSync(join(base, 'bin'), { recursive: true });
    writeFileSync(
      join(base, 'bin', 'bwrap'),
      '#!/bin/sh\necho "bwrap: No permissions to create new namespace" >&2\nexit 1\n',
      { mode: 0o755 },
    );
    mkdirSync(source, { recursive: true });
    writeFileSync(
      join(source, 'package.json'),
      JSON.stringify({ name: 'p', version: '1.0.0', scripts: { test: `touch ${marker}` } }),
    );
    // The service snapshots PATH at startup; the stand-in comes first.
    process.env['PATH'] = `${join(base, 'bin')}:${savedPath ?? ''}`;
    t = await startTestApp({
      WORKSPACE_LOCAL_SANDBOX: mode,
      WORKSPACE_SOURCE_REPO_ALLOWLIST: source,
    });
    const created = await t.request('POST', '/v1/sessions', {
      body: {
        principal: { tenant_id: 'demo', actor_id: 'alice', roles: ['developer'] },
        source_repo_path: source,
      },
    });
    expect(created.status).toBe(201);
    session = created.body.session.id as string;
  });
  afterAll(async () => {
    process.env['PATH'] = savedPath;
    await t.close();
    rmSync(base, { recursive: true, force: true });
  });

  it('should answer 503 unavailable with the reason and a hint for command tools, without running them', async () => {
    for (const [tool, args] of [
      ['repo.run_tests', {}],
      ['node.install', { use_ci: false }],
      ['git.status', {}],
    ] as const) {
      const response = await invoke(tool, args);
      expect(response.status).toBe(503);
      expect(response.body.error).toEqual({
        code: 'unavailable',
        message: expect.stringMatching(
          /^sandbox unavailable: bwrap: No permissions to create new namespace; install bubblewrap .*WORKSPACE_LOCAL_SANDBOX=off on a single-user machine$/,
        ),
        retryable: true,
      });
    }
    expect(existsSync(marker)).toBe(false);
  });

  it('should keep fs and artifact tools working', async () => {
    expect((await invoke('fs.write_file', { path: 'notes.txt', content: 'hi' }, true)).status).toBe(
      200,
    );
    expect((await invoke('fs.read_file', { path: 'notes.txt' })).status).toBe(200);
    expect((await invoke('fs.list', { path: '.' })).status).toBe(200);
    expect((await invoke('artifact.list', {})).status).toBe(200);
  });

  it('should show the sandbox line in /readyz without taking the replica out of rotation', async () => {
    const ready = await t.request('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.checks.sandbox).toBe(
      'unavailable: bwrap: No permissions to create new namespace',
    );
    // What WorkspaceSandboxUnavailable reads (deploy/monitoring): readiness alone would not tell.
    const metrics = (await t.request('GET', '/metrics')).text;
    expect(metrics).toContain('workspace_dependency_up{dependency="sandbox"} 0');
    expect(metrics).toContain('workspace_dependency_up{dependency="sandbox_network"} 0');
    expect(metrics).toContain('workspace_dependency_up{dependency="session_store"} 1');
  });
});
