import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startTestApp, type TestApp } from './support/test-app.js';

// npm project whose `test` script is `node --test`: one passing and one failing test.
const NODE_PROJECT: Record<string, string> = {
  'package.json': JSON.stringify({
    name: 'fixture-node',
    version: '1.0.0',
    scripts: { test: 'node --test' },
  }),
  'math.test.js': [
    "const test = require('node:test');",
    "const assert = require('node:assert');",
    "test('adds numbers', () => { assert.strictEqual(1 + 1, 2); });",
    "test('subtracts numbers', () => { assert.strictEqual(3 - 1, 1); });",
    '',
  ].join('\n'),
};

// CATALOG.md 6 through the HTTP API: a session seeded from a fixture node repository, detection,
// a failing test run kept as a structured result, then the failures summary.
describe('repo.* tools over HTTP', () => {
  let t: TestApp;
  let source: string;
  let sessionId: string;

  beforeAll(async () => {
    source = mkdtempSync(join(tmpdir(), 'repo-e2e-source-'));
    for (const [path, content] of Object.entries(NODE_PROJECT)) {
      mkdirSync(dirname(join(source, path)), { recursive: true });
      writeFileSync(join(source, path), content);
    }
    t = await startTestApp({ WORKSPACE_SOURCE_REPO_ALLOWLIST: source });
    const created = await t.request('POST', '/v1/sessions', {
      body: {
        principal: { tenant_id: 'demo', actor_id: 'alice', roles: ['developer'] },
        source_repo_path: source,
      },
    });
    expect(created.status).toBe(201);
    sessionId = created.body.session.id;
  });
  afterAll(async () => {
    await t.close();
    rmSync(source, { recursive: true, force: true });
  });

  const invoke = (tool: string, args: Record<string, unknown> = {}) =>
    t.request('POST', `/v1/sessions/${sessionId}/tools/${tool}/invoke`, { body: { args } });

  it('should list the fourteen repo tools in the session catalog', async () => {
    const response = await t.request('GET', `/v1/sessions/${sessionId}/tools`);
    expect(response.status).toBe(200);
    const names = (response.body.tools as Array<{ name: string }>)
      .map((tool) => tool.name)
      .filter((name) => name.startsWith('repo.'));
    expect(names).toHaveLength(14);
  });

  it('should detect the copied node project', async () => {
    const response = await invoke('repo.detect_project_type');
    expect(response.status).toBe(200);
    expect(response.body.invocation.status).toBe('succeeded');
    expect(response.body.invocation.output).toEqual({ project_type: 'node', flavor: 'npm' });
  });

  it('should answer 500 execution_failed with the failing run kept on the invocation', async () => {
    const response = await invoke('repo.run_tests');
    expect(response.status).toBe(500);
    expect(response.body.error).toEqual({
      code: 'execution_failed',
      message: expect.stringMatching(/^command failed: /),
      retryable: false,
    });
    const invocation = response.body.invocation;
    expect(invocation.status).toBe('failed');
    expect(invocation.exit_code).toBe(1);
    expect(invocation.output).toMatchObject({
      project_type: 'node',
      command: ['npm', 'test'],
      exit_code: 1,
      failed_count: 1,
      failed_tests: [{ kind: 'node_test', name: 'subtracts numbers' }],
    });
    expect(invocation.output.output).toContain('subtracts numbers');
    expect(invocation.logs).toHaveLength(1);
    expect(invocation.logs[0].channel).toBe('stdout');
    const names = (invocation.artifacts as Array<{ name: string }>).map(
      (artifact) => artifact.name,
    );
    expect(names).toContain('test-output.txt');

    const stored = await t.request('GET', `/v1/invocations/${invocation.id}`);
    expect(stored.body.invocation.status).toBe('failed');
    expect(stored.body.invocation.error.code).toBe('execution_failed');
  });

  it('should summarise the failing test as a successful invocation', async () => {
    const response = await invoke('repo.test_failures_summary', { max_failures: 10 });
    expect(response.status).toBe(200);
    const invocation = response.body.invocation;
    expect(invocation.status).toBe('succeeded');
    expect(invocation.output).toMatchObject({
      source: 'test_run',
      exit_code: 1,
      failed_count: 1,
      failed_tests: [{ kind: 'node_test', name: 'subtracts numbers' }],
      summary: '1 failing tests found',
    });
    expect(
      (invocation.artifacts as Array<{ name: string }>).map((artifact) => artifact.name),
    ).toContain('test-failures-summary.json');
  });

  it('should deny a refused extra_args prefix at the policy step', async () => {
    const response = await invoke('repo.test', { extra_args: ['--require=evil'] });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('policy_denied');
  });
});
