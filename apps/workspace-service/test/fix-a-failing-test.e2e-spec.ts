import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, type TestApp } from './support/test-app.js';

// Issue #4 "done when", as an orchestrator would do it: in a session seeded from a real small
// repository, detect the project, run its tests, read the failure summary, fix it with
// git.apply_patch, run the tests green and commit — every step through the API, with artifacts.
describe('fixing a failing test through the API', () => {
  let t: TestApp;
  let repo: string;

  beforeAll(async () => {
    t = await startTestApp();
    repo = mkdtempSync(join(tmpdir(), 'wes-story-'));
    mkdirSync(join(repo, 'test'));
    writeFileSync(
      join(repo, 'package.json'),
      JSON.stringify({
        name: 'calc',
        version: '1.0.0',
        type: 'module',
        scripts: { test: 'node --test' },
      }),
    );
    writeFileSync(join(repo, 'sum.js'), 'export const sum = (a, b) => a - b;\n');
    writeFileSync(
      join(repo, 'test', 'sum.test.js'),
      "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { sum } from '../sum.js';\n\ntest('adds', () => assert.equal(sum(2, 3), 5));\n",
    );
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: repo });
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('commit', '-qm', 'initial');
  });
  afterAll(async () => {
    await t.close();
    rmSync(repo, { recursive: true, force: true });
  });

  it('should go from red to green to a commit', async () => {
    const created = await t.request('POST', '/v1/sessions', {
      body: {
        principal: { tenant_id: 'demo', actor_id: 'agent', roles: ['developer'] },
        source_repo_path: repo,
        metadata: { git_author_name: 'Agent', git_author_email: 'agent@example.test' },
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.session.id as string;
    const invoke = (tool: string, body: unknown) =>
      t.request('POST', `/v1/sessions/${id}/tools/${tool}/invoke`, { body });

    const detected = await invoke('repo.detect_project_type', {});
    expect(detected.status).toBe(200);
    expect(detected.body.invocation.output).toMatchObject({ project_type: 'node' });

    const red = await invoke('repo.run_tests', {});
    expect(red.status).toBe(500);
    expect(red.body.error.code).toBe('execution_failed');
    expect(red.body.invocation.artifacts.length).toBeGreaterThan(0);

    const summary = await invoke('repo.test_failures_summary', {});
    expect(summary.status).toBe(200);
    expect(JSON.stringify(summary.body.invocation.output)).toContain('adds');

    const patch = [
      'diff --git a/sum.js b/sum.js',
      '--- a/sum.js',
      '+++ b/sum.js',
      '@@ -1 +1 @@',
      '-export const sum = (a, b) => a - b;',
      '+export const sum = (a, b) => a + b;',
      '',
    ].join('\n');
    const applied = await invoke('git.apply_patch', { approved: true, args: { patch } });
    expect(applied.status).toBe(200);

    const green = await invoke('repo.run_tests', {});
    expect(green.status).toBe(200);
    expect(green.body.invocation.status).toBe('succeeded');

    const committed = await invoke('git.commit', {
      approved: true,
      args: { message: 'fix sum', paths: ['sum.js'] },
    });
    expect(committed.status).toBe(200);
    const log = await invoke('git.log', { args: { max_count: 1 } });
    expect(log.status).toBe(200);
    expect(JSON.stringify(log.body.invocation.output)).toContain('fix sum');

    // Every step left its record and artifacts behind.
    for (const step of [red, green, committed]) {
      const artifacts = await t.request(
        'GET',
        `/v1/invocations/${step.body.invocation.id}/artifacts`,
      );
      expect(artifacts.body.artifacts.length).toBeGreaterThan(0);
    }
  });
});
