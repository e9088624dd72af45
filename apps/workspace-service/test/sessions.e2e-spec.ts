import { execFileSync } from 'node:child_process';
import {
  existsSync,
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
import { SessionSweeper } from '#app/sessions';
import { startTestApp, type TestApp } from './support/test-app.js';

const principal = {
  tenant_id: 'acme corp',
  actor_id: 'alice',
  roles: [' developer ', 'developer', ''],
};

describe('sessions (API.md 5.6–5.8, 8)', () => {
  let t: TestApp;
  let fixtures: string;

  beforeAll(async () => {
    t = await startTestApp({ WORKSPACE_MAX_SESSION_TTL_SECONDS: '7200' });
    fixtures = mkdtempSync(join(tmpdir(), 'wes-fixtures-'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(fixtures, { recursive: true, force: true });
  });

  it('should normalise principal, allowed_paths and metadata, and cap the TTL', async () => {
    const response = await t.request('POST', '/v1/sessions', {
      body: {
        principal,
        allowed_paths: ['./src/', 'src', '', 'docs//api'],
        metadata: { team: 'x' },
        expires_in_seconds: 999_999,
      },
    });
    expect(response.status).toBe(201);
    const session = response.body.session;
    expect(session.principal).toEqual({
      tenant_id: 'acme corp',
      actor_id: 'alice',
      roles: ['developer'],
    });
    expect(session.allowed_paths).toEqual(['src', '.', 'docs/api']);
    expect(session.metadata).toEqual({ team: 'x' });
    expect(Date.parse(session.expires_at) - Date.parse(session.created_at)).toBe(7_200_000);
    // Tenant path segment sanitised (API.md 8.1): the space becomes '-'.
    expect(session.workspace_path).toBe(
      join(t.config.workspace.root, 'acme-corp', session.id, 'repo'),
    );
  });

  it('should refuse bad allowed_paths, metadata values and repo refs', async () => {
    const bad = [
      [{ principal, allowed_paths: ['../up'] }, /allowed_paths/],
      [{ principal, allowed_paths: ['/abs'] }, /allowed_paths/],
      [{ principal, metadata: { a: 1 } }, /^field "metadata\.a" must be string/],
      [{ principal, repo_url: 'ext::sh -c evil' }, /repo_url/],
      [{ principal, repo_url: '-uhttps://x' }, /repo_url/],
      [{ principal, repo_url: 'relative/path' }, /repo_url/],
      [
        { principal, repo_url: 'https://example.invalid/r.git', repo_ref: '--upload-pack=evil' },
        /repo_ref/,
      ],
      [{ principal, source_repo_path: 'relative' }, /source_repo_path/],
      [
        { principal, source_repo_path: '/definitely/not/here' },
        /^source_repo_path is not a directory/,
      ],
    ] as const;
    for (const [body, message] of bad) {
      const response = await t.request('POST', '/v1/sessions', { body });
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
      expect(response.body.error.message).toMatch(message);
    }
  });

  it('should copy source_repo_path keeping inside symlinks and skipping escaping ones', async () => {
    const source = join(fixtures, 'source');
    mkdirSync(join(source, 'src'), { recursive: true });
    writeFileSync(join(source, 'src', 'main.txt'), 'main');
    writeFileSync(join(fixtures, 'secret.txt'), 'secret');
    symlinkSync(join(source, 'src', 'main.txt'), join(source, 'inside-link'));
    symlinkSync(join(fixtures, 'secret.txt'), join(source, 'outside-link'));
    symlinkSync(join(source, 'missing'), join(source, 'dangling-link'));
    const response = await t.request('POST', '/v1/sessions', {
      body: { principal, source_repo_path: source },
    });
    expect(response.status).toBe(201);
    const workspace = response.body.session.workspace_path as string;
    expect(readFileSync(join(workspace, 'src', 'main.txt'), 'utf8')).toBe('main');
    expect(lstatSync(join(workspace, 'inside-link')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(workspace, 'inside-link'))).toBe('src/main.txt');
    expect(existsSync(join(workspace, 'outside-link'))).toBe(false);
    expect(existsSync(join(workspace, 'dangling-link'))).toBe(false);
  });

  it('should shallow-clone repo_url at repo_ref, and clean up after a failed clone', async () => {
    const repo = join(fixtures, 'repo');
    mkdirSync(repo);
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: repo, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
    git('init', '-q', '-b', 'main');
    writeFileSync(join(repo, 'README.md'), 'v1');
    git('add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'v1');
    git('checkout', '-qb', 'feature');
    writeFileSync(join(repo, 'README.md'), 'feature');
    git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qam', 'feature');
    const cloned = await t.request('POST', '/v1/sessions', {
      body: { principal, repo_url: `file://${repo}`, repo_ref: 'feature' },
    });
    expect(cloned.status).toBe(201);
    expect(cloned.body.session.repo_url).toBe(`file://${repo}`);
    expect(cloned.body.session.repo_ref).toBe('feature');
    expect(readFileSync(join(cloned.body.session.workspace_path, 'README.md'), 'utf8')).toBe(
      'feature',
    );

    const before = readdirSync(join(t.config.workspace.root, 'acme-corp')).length;
    const failed = await t.request('POST', '/v1/sessions', {
      body: {
        principal,
        session_id: 'clone-fails',
        repo_url: `file://${repo}`,
        repo_ref: 'no-such-branch',
      },
    });
    // A failing clone is the source's fault, not the service's: execution_failed with git's message.
    expect(failed.status).toBe(500);
    expect(failed.body.error.code).toBe('execution_failed');
    expect(failed.body.error.message).toMatch(/^git clone failed: /);
    expect(readdirSync(join(t.config.workspace.root, 'acme-corp'))).toHaveLength(before);
    expect((await t.request('GET', '/v1/sessions/clone-fails')).status).toBe(404);
  });

  it('should close expired sessions lazily and in the sweeper', async () => {
    const lazy = (
      await t.request('POST', '/v1/sessions', { body: { principal, expires_in_seconds: 1 } })
    ).body.session;
    const swept = (
      await t.request('POST', '/v1/sessions', { body: { principal, expires_in_seconds: 1 } })
    ).body.session;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await t.request('GET', `/v1/sessions/${lazy.id}`)).status).toBe(404);
    expect(existsSync(lazy.workspace_path)).toBe(false);
    await t.app.get(SessionSweeper).sweepOnce();
    expect(existsSync(swept.workspace_path)).toBe(false);
    const metrics = (await t.request('GET', '/metrics')).text;
    const active = metrics
      .split('\n')
      .find((line) => line.startsWith('workspace_sessions_active '));
    expect(Number(active?.split(' ')[1])).toBeGreaterThanOrEqual(0);
  });

  it('should serve an OpenAPI 3 document listing every route', async () => {
    const document = (await t.request('GET', '/openapi.json')).body;
    expect(document.openapi).toMatch(/^3\./);
    expect(document.info).toEqual({ title: 'Workspace Execution Service', version: 'unknown' });
    expect(Object.keys(document.paths)).toHaveLength(23);
    expect(Object.keys(document.paths['/v1/sessions/{session_id}'])).toEqual(['get', 'delete']);
    expect(document.components.schemas.Invocation.required).toContain('trace_name');
  });
});
