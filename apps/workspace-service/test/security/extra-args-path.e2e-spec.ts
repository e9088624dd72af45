import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Issue 11 finding 13: an `extra_args` value naming a path outside the workspace passed the policy
// prefix (`-coverprofile=`) and reached `go test`, which wrote the profile there. CATALOG.md 3.10.
describe('extra_args path values over HTTP', () => {
  let t: TestApp;
  let source: string;
  let outside: string;
  let sessionId: string;

  beforeAll(async () => {
    source = mkdtempSync(join(tmpdir(), 'extra-args-source-'));
    outside = mkdtempSync(join(tmpdir(), 'extra-args-outside-'));
    writeFileSync(join(source, 'go.mod'), 'module example.com/m\n\ngo 1.19\n');
    writeFileSync(
      join(source, 'm_test.go'),
      'package m\n\nimport "testing"\n\nfunc TestOk(t *testing.T) {}\n',
    );
    t = await startTestApp({ WORKSPACE_SOURCE_REPO_ALLOWLIST: source });
    const created = await t.request('POST', '/v1/sessions', {
      body: {
        principal: { tenant_id: 'demo', actor_id: 'alice', roles: ['developer'] },
        source_repo_path: source,
      },
    });
    expect(created.status).toBe(201);
    sessionId = created.body.session.id;
    // As a cloned repository could bring it: a link out of the workspace, and one to a file outside.
    symlinkSync(outside, join(created.body.session.workspace_path, 'link'));
    symlinkSync(join(outside, 'evil'), join(created.body.session.workspace_path, 'file-link'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(source, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  const invoke = (tool: string, args: Record<string, unknown>) =>
    t.request('POST', `/v1/sessions/${sessionId}/tools/${tool}/invoke`, { body: { args } });

  it.each([
    ['an absolute --flag=value', (dir: string) => [`-coverprofile=${dir}/evil`]],
    ['a climbing value', () => ['-coverprofile=a/../../../evil']],
    ['a file URL', (dir: string) => [`-coverprofile=file://${dir}/evil`]],
    ['a relative value through a symlinked directory', () => ['-coverprofile=link/evil']],
    ['a relative value naming a symlink to an outside file', () => ['-coverprofile=file-link']],
  ])('should refuse %s with invalid_argument before go runs', async (_label, items) => {
    const extraArgs = items(outside);
    const response = await invoke('repo.test', { extra_args: extraArgs });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({
      code: 'invalid_argument',
      message: expect.stringMatching(/^extra_args item names a path outside the workspace: /),
    });
    expect(response.body.invocation.status).toBe('failed');
    expect(existsSync(join(outside, 'evil'))).toBe(false);
  });

  // A separate value item must itself start with an allowed prefix (3.10), so the policy stops it first.
  it('should refuse an absolute next element at the policy step', async () => {
    const response = await invoke('repo.test', {
      extra_args: ['-coverprofile', `${outside}/evil`],
    });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('policy_denied');
    expect(existsSync(join(outside, 'evil'))).toBe(false);
  });
});
