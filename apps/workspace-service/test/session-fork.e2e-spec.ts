import {
  existsSync,
  lstatSync,
  mkdtempSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, type TestApp, type TestResponse } from './support/test-app.js';

const principal = { tenant_id: 'demo', actor_id: 'alice', roles: ['developer'] };

describe('fork a session (API.md 5.16, payload mode)', () => {
  let t: TestApp;
  let outside: string;

  const create = async (body: Record<string, unknown> = {}): Promise<string> => {
    const response = await t.request('POST', '/v1/sessions', { body: { principal, ...body } });
    expect(response.status).toBe(201);
    return response.body.session.id as string;
  };
  const fork = (id: string, body: unknown = {}): Promise<TestResponse> =>
    t.request('POST', `/v1/sessions/${id}/fork`, { body });
  const write = (id: string, path: string, content: string): Promise<TestResponse> =>
    t.request('POST', `/v1/sessions/${id}/tools/fs.write_file/invoke`, {
      body: { approved: true, args: { path, content } },
    });
  const read = async (id: string, path: string): Promise<unknown> => {
    const response = await t.request('POST', `/v1/sessions/${id}/tools/fs.read_file/invoke`, {
      body: { args: { path } },
    });
    expect(response.status).toBe(200);
    return response.body.invocation.output.content;
  };

  beforeAll(async () => {
    t = await startTestApp({ WORKSPACE_MAX_SESSION_TTL_SECONDS: '7200' });
    outside = mkdtempSync(join(tmpdir(), 'wes-fork-outside-'));
    writeFileSync(join(outside, 'secret.txt'), 'secret');
  });
  afterAll(async () => {
    await t.close();
    rmSync(outside, { recursive: true, force: true });
  });

  it('should copy a modified workspace, after which the two diverge', async () => {
    const source = await create({ metadata: { team: 'x' } });
    expect((await write(source, 'notes/state.txt', 'before fork')).status).toBe(200);

    const response = await fork(source, {
      session_id: 'fork-diverge',
      ttl_seconds: 999_999,
      metadata: { purpose: 'try' },
    });

    expect(response.status).toBe(201);
    const forked = response.body.session;
    expect(forked).toMatchObject({
      id: 'fork-diverge',
      forked_from: source,
      principal,
      allowed_paths: ['.'],
      metadata: { team: 'x', purpose: 'try' },
      runtime: { kind: 'local' },
    });
    expect(Date.parse(forked.expires_at) - Date.parse(forked.created_at)).toBe(7_200_000);
    expect(await read(forked.id, 'notes/state.txt')).toBe('before fork');

    expect((await write(source, 'notes/state.txt', 'source after')).status).toBe(200);
    expect((await write(forked.id, 'notes/state.txt', 'fork after')).status).toBe(200);
    expect(await read(source, 'notes/state.txt')).toBe('source after');
    expect(await read(forked.id, 'notes/state.txt')).toBe('fork after');
    const got = await t.request('GET', `/v1/sessions/${forked.id}`);
    expect(got.body.session.forked_from).toBe(source);
  });

  it('should narrow allowed_paths and refuse a wider entry with 400', async () => {
    const source = await create({ allowed_paths: ['notes', 'src'] });

    const narrowed = await fork(source, { allowed_paths: ['notes/deep'] });
    expect(narrowed.status).toBe(201);
    expect(narrowed.body.session.allowed_paths).toEqual(['notes/deep']);
    const outsideNarrowed = await write(narrowed.body.session.id, 'src/a.txt', 'x');
    expect(outsideNarrowed.status).toBe(403);
    expect(outsideNarrowed.body.error.code).toBe('policy_denied');

    const inherited = await fork(source, {});
    expect(inherited.body.session.allowed_paths).toEqual(['notes', 'src']);

    const wider = await fork(source, { allowed_paths: ['.'] });
    expect({ status: wider.status, error: wider.body.error }).toEqual({
      status: 400,
      error: {
        code: 'invalid_argument',
        message: `allowed_paths entry "." is not inside the source session's allowed_paths`,
        retryable: false,
      },
    });
  });

  it('should refuse a bad id, a live id, unknown fields, a changed inherited key and an unknown source', async () => {
    const source = await create({ session_id: 'fork-src-refusals', metadata: { team: 'x' } });
    const expectError = (response: TestResponse, status: number, code: string, message: string) =>
      expect({ status: response.status, error: response.body.error }).toEqual({
        status,
        error: { code, message, retryable: false },
      });

    expectError(
      await fork(source, { session_id: '../x' }),
      400,
      'invalid_argument',
      'session_id must match ^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$',
    );
    expectError(
      await fork(source, { session_id: source }),
      409,
      'conflict',
      'session already exists',
    );
    expectError(
      await fork(source, { source_repo_path: '/etc' }),
      400,
      'invalid_argument',
      'unknown field "source_repo_path"',
    );
    expectError(
      await fork(source, { metadata: { team: 'y' } }),
      400,
      'invalid_argument',
      'metadata "team" is inherited from the source session and cannot be changed',
    );
    expectError(await fork('session-0000000000000000', {}), 404, 'not_found', 'session not found');
  });

  it('should not follow a symlink leading outside the workspace into the fork', async () => {
    const source = await create();
    const sourcePath = (await t.request('GET', `/v1/sessions/${source}`)).body.session
      .workspace_path as string;
    writeFileSync(join(sourcePath, 'inside.txt'), 'in');
    symlinkSync(outside, join(sourcePath, 'escape-dir'));
    symlinkSync(join(outside, 'secret.txt'), join(sourcePath, 'escape-file'));
    symlinkSync('inside.txt', join(sourcePath, 'inner-link'));

    const response = await fork(source);

    expect(response.status).toBe(201);
    const forkPath = response.body.session.workspace_path as string;
    expect(existsSync(join(forkPath, 'inside.txt'))).toBe(true);
    expect(() => lstatSync(join(forkPath, 'escape-dir'))).toThrow();
    expect(() => lstatSync(join(forkPath, 'escape-file'))).toThrow();
    expect(readlinkSync(join(forkPath, 'inner-link'))).toBe('inside.txt');
    const viaTool = await t.request(
      'POST',
      `/v1/sessions/${response.body.session.id}/tools/fs.read_file/invoke`,
      { body: { args: { path: 'escape-file' } } },
    );
    expect(viaTool.status).toBe(404);
  });
});

describe('fork a session: per-principal limit', () => {
  it('should refuse a fork over WORKSPACE_MAX_SESSIONS_PER_PRINCIPAL with 403 quota_exceeded', async () => {
    const t = await startTestApp({ WORKSPACE_MAX_SESSIONS_PER_PRINCIPAL: '1' });
    try {
      const created = await t.request('POST', '/v1/sessions', { body: { principal } });
      const response = await t.request('POST', `/v1/sessions/${created.body.session.id}/fork`, {
        body: {},
      });

      expect({ status: response.status, error: response.body.error }).toEqual({
        status: 403,
        error: {
          code: 'quota_exceeded',
          message: 'session limit reached for this principal (1)',
          retryable: false,
        },
      });
    } finally {
      await t.close();
    }
  });
});

describe('fork a session: ownership order (trusted_headers)', () => {
  const TOKEN = 'fork-token';
  const as = (tenant: string, actor: string): Record<string, string> => ({
    'X-Workspace-Auth-Token': TOKEN,
    'X-Workspace-Tenant-Id': tenant,
    'X-Workspace-Actor-Id': actor,
    'X-Workspace-Roles': 'developer',
  });
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      WORKSPACE_AUTH_MODE: 'trusted_headers',
      WORKSPACE_AUTH_SHARED_TOKEN: TOKEN,
    });
  });
  afterAll(() => t.close());

  it('should answer 401, then 404, then 403 before the body is read, and 201 to the owner', async () => {
    const owner = as('tenant-a', 'alice');
    const created = await t.request('POST', '/v1/sessions', { headers: owner, body: {} });
    const id = created.body.session.id as string;
    const path = `/v1/sessions/${id}/fork`;

    const anonymous = await t.request('POST', path, { body: {} });
    expect(anonymous.status).toBe(401);
    const unknown = await t.request('POST', '/v1/sessions/session-0000000000000000/fork', {
      headers: as('tenant-b', 'bob'),
      rawBody: 'not json',
    });
    expect(unknown.status).toBe(404);
    const foreign = await t.request('POST', path, {
      headers: as('tenant-b', 'alice'),
      rawBody: 'not json',
    });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('policy_denied');

    const owned = await t.request('POST', path, { headers: owner, body: {} });
    expect(owned.status).toBe(201);
    expect(owned.body.session.principal).toEqual({
      tenant_id: 'tenant-a',
      actor_id: 'alice',
      roles: ['developer'],
    });
    expect(owned.body.session.forked_from).toBe(id);
    const read = await t.request('GET', `/v1/sessions/${owned.body.session.id}`, {
      headers: as('tenant-b', 'alice'),
    });
    expect(read.status).toBe(403);
  });
});
