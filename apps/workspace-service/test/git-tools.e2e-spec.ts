import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startTestApp, type TestApp } from './support/test-app.js';

const PATCH =
  '--- a/README.md\n+++ b/README.md\n@@ -1,2 +1,2 @@\n-Hello\n+Hello, world\n line two\n';

/** A source repository on the server (payload mode allows `source_repo_path` with an empty allowlist). */
function createSourceRepository(): string {
  const dir = mkdtempSync(join(tmpdir(), 'git-e2e-source-'));
  const git = (...args: string[]): void => {
    execFileSync(
      'git',
      [
        '-c',
        'user.name=Seed',
        '-c',
        'user.email=seed@example.com',
        '-c',
        'init.defaultBranch=main',
        ...args,
      ],
      {
        cwd: dir,
        env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' },
        stdio: 'ignore',
      },
    );
  };
  git('init', '-q');
  writeFileSync(join(dir, 'README.md'), 'Hello\nline two\n');
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src/app.txt'), 'app\n');
  git('add', '.');
  git('commit', '-q', '-m', 'initial commit');
  return dir;
}

describe('git tools over HTTP (CATALOG.md 5)', () => {
  let t: TestApp;
  let source: string;
  let sessionId: string;
  const invoke = (tool: string, body: unknown, session = sessionId) =>
    t.request('POST', `/v1/sessions/${session}/tools/${tool}/invoke`, { body });
  const createSession = async (extra: Record<string, unknown>): Promise<string> => {
    const response = await t.request('POST', '/v1/sessions', {
      body: { principal: { tenant_id: 'demo', actor_id: 'alice', roles: ['developer'] }, ...extra },
    });
    expect(response.status).toBe(201);
    return response.body.session.id;
  };

  beforeAll(async () => {
    source = createSourceRepository();
    t = await startTestApp();
    sessionId = await createSession({
      source_repo_path: source,
      metadata: { git_author_name: 'E2E Agent', git_author_email: 'agent@example.com' },
    });
  });

  afterAll(async () => {
    await t.close();
    rmSync(source, { recursive: true, force: true });
  });

  it('should list the git tools in the catalog', async () => {
    const response = await t.request('GET', `/v1/sessions/${sessionId}/tools`);
    const names: string[] = response.body.tools.map((tool: { name: string }) => tool.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'git.status',
        'git.diff',
        'git.apply_patch',
        'git.commit',
        'git.log',
      ]),
    );
  });

  it('should report a clean status with one stdout log line', async () => {
    const response = await invoke('git.status', { args: {} });
    expect(response.status).toBe(200);
    const invocation = response.body.invocation;
    expect(invocation.status).toBe('succeeded');
    expect(invocation.exit_code).toBe(0);
    expect(invocation.output).toMatchObject({ status: '', short: true, exit_code: 0 });
    expect(invocation.output.command).toEqual(
      expect.arrayContaining(['-c', 'core.hooksPath=/dev/null', 'status']),
    );
    expect(invocation.logs).toEqual([{ at: expect.any(String), channel: 'stdout', message: '' }]);
  });

  it('should require approval for git.apply_patch and apply it once approved', async () => {
    const unapproved = await invoke('git.apply_patch', { args: { patch: PATCH } });
    expect(unapproved.status).toBe(428);
    expect(unapproved.body.error.code).toBe('approval_required');

    const response = await invoke('git.apply_patch', { approved: true, args: { patch: PATCH } });
    expect(response.status).toBe(200);
    expect(response.body.invocation.status).toBe('succeeded');
    expect(response.body.invocation.output).toMatchObject({
      applied: true,
      check: false,
      changed_paths: ['README.md'],
      exit_code: 0,
    });
  });

  it('should show the applied change in git.diff', async () => {
    const response = await invoke('git.diff', { args: { paths: ['README.md'] } });
    expect(response.status).toBe(200);
    expect(response.body.invocation.output.diff).toContain('-Hello\n+Hello, world\n');
  });

  it('should commit with the metadata identity once approved and show it in git.log', async () => {
    const commit = await invoke('git.commit', {
      approved: true,
      args: { message: 'Greet the world', all: true },
    });
    expect(commit.status).toBe(200);
    const output = commit.body.invocation.output;
    expect(output).toMatchObject({ committed: true, exit_code: 0 });
    expect(output.commit).toMatch(/^[0-9a-f]{40}$/);

    const log = await invoke('git.log', { args: { max_count: 5 } });
    expect(log.status).toBe(200);
    expect(log.body.invocation.output).toMatchObject({ ref: 'HEAD', count: 2 });
    expect(log.body.invocation.output.entries[0]).toMatchObject({
      hash: output.commit,
      author_name: 'E2E Agent',
      author_email: 'agent@example.com',
      subject: 'Greet the world',
    });
    expect(log.body.invocation.output.entries[1].subject).toBe('initial commit');
  });

  it('should deny a checkout ref with shell characters in the policy step (403)', async () => {
    const response = await invoke('git.checkout', { args: { ref: 'main;touch /tmp/pwned' } });
    expect(response.status).toBe(403);
    expect(response.body.error).toEqual({
      code: 'policy_denied',
      message: 'argument not allowed by policy',
      retryable: false,
    });
    expect(response.body.invocation.status).toBe('denied');
  });

  it('should refuse a ref outside allowed_git_ref_prefixes in the handler (failed, 403)', async () => {
    const limited = await createSession({
      source_repo_path: source,
      metadata: { allowed_git_ref_prefixes: 'release/' },
    });
    const response = await invoke('git.checkout', { args: { ref: 'main' } }, limited);
    expect(response.status).toBe(403);
    expect(response.body.error).toEqual({
      code: 'policy_denied',
      message: 'ref outside allowlist',
      retryable: false,
    });
    expect(response.body.invocation.status).toBe('failed');
  });

  it('should answer git_repo_error when the workspace is no repository', async () => {
    const empty = await createSession({});
    const response = await invoke('git.status', { args: {} }, empty);
    expect(response.status).toBe(500);
    expect(response.body.error.code).toBe('git_repo_error');
    expect(response.body.invocation.status).toBe('failed');
    expect(response.body.invocation.exit_code).toBe(128);
  });
});
