import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { startTestApp, type TestApp, type TestResponse } from './support/test-app.js';

const developer = { principal: { tenant_id: 'demo', actor_id: 'alice', roles: ['developer'] } };
const admin = { principal: { tenant_id: 'demo', actor_id: 'root', roles: ['platform_admin'] } };
const THREE_MIB = `{"pad":"${'x'.repeat(3 * 1024 * 1024)}"}`;

/** Every entry below `dir` with its type and content hash or link text; equal means untouched. */
function snapshot(dir: string): string[] {
  if (!existsSync(dir)) {
    return [];
  }
  const lines: string[] = [];
  const visit = (absolute: string, relative: string): void => {
    for (const name of readdirSync(absolute).sort()) {
      const child = join(absolute, name);
      const path = relative === '' ? name : `${relative}/${name}`;
      const stats = lstatSync(child);
      if (stats.isSymbolicLink()) {
        lines.push(`${path} -> ${readlinkSync(child)}`);
      } else if (stats.isDirectory()) {
        lines.push(`${path}/`);
        visit(child, path);
      } else {
        lines.push(`${path} ${createHash('sha256').update(readFileSync(child)).digest('hex')}`);
      }
    }
  };
  visit(dir, '');
  return lines;
}

describe('bad input leaves everything unchanged (API.md 1.2, 4.3, 5, 6, 7.4)', () => {
  let t: TestApp;
  let session: { id: string; workspace_path: string };
  let adminSession: { id: string; workspace_path: string };
  let outside: string;

  beforeAll(async () => {
    t = await startTestApp();
    session = (await t.request('POST', '/v1/sessions', { body: developer })).body.session;
    adminSession = (await t.request('POST', '/v1/sessions', { body: admin })).body.session;
    outside = join(t.root, 'outside');
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret.txt'), 'secret');
    const workspace = session.workspace_path;
    writeFileSync(join(workspace, 'inside.txt'), 'inside');
    symlinkSync(join(outside, 'secret.txt'), join(workspace, 'link-file'));
    symlinkSync(outside, join(workspace, 'link-dir'));
    symlinkSync('../../../../outside', join(workspace, 'link-relative'));
  });
  afterAll(() => t.close());

  /** Runs the request and asserts that no file, session or artifact changed. */
  async function unchanged(
    method: string,
    url: string,
    options: Parameters<TestApp['request']>[2],
  ): Promise<TestResponse> {
    const before = {
      workspaces: snapshot(t.config.workspace.root),
      outside: snapshot(outside),
      artifacts: snapshot(t.config.workspace.artifactRoot),
      sessions: await activeSessions(),
    };
    const response = await t.request(method, url, options);
    expect({
      workspaces: snapshot(t.config.workspace.root),
      outside: snapshot(outside),
      artifacts: snapshot(t.config.workspace.artifactRoot),
      sessions: await activeSessions(),
    }).toEqual(before);
    return response;
  }

  async function activeSessions(): Promise<string | undefined> {
    const metrics = (await t.request('GET', '/metrics')).text;
    return metrics.split('\n').find((line) => line.startsWith('workspace_sessions_active '));
  }

  function expectError(
    response: TestResponse,
    status: number,
    code: string,
    message: string,
  ): void {
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
    expect(response.body.error.message.startsWith(message)).toBe(true);
  }

  const invoke = (id: string, tool: string): string => `/v1/sessions/${id}/tools/${tool}/invoke`;

  describe('request bodies (phase A: no record, no artifact)', () => {
    it.each([
      ['malformed JSON', '{"principal":', 'invalid request body'],
      [
        'trailing data',
        '{"principal":{"tenant_id":"d","actor_id":"a"}} {}',
        'invalid request body',
      ],
      ['an array body', '[]', 'invalid request body'],
      ['an empty body', '', 'invalid request body'],
      [
        'an unknown field',
        '{"principal":{"tenant_id":"d","actor_id":"a"},"colour":"red"}',
        'unknown field "colour"',
      ],
      [
        'an unknown nested field',
        '{"principal":{"tenant_id":"d","actor_id":"a","team":"x"}}',
        'unknown field "principal.team"',
      ],
      [
        'a string TTL',
        '{"principal":{"tenant_id":"d","actor_id":"a"},"expires_in_seconds":"10"}',
        'field "expires_in_seconds" must be integer',
      ],
      [
        'a fractional TTL',
        '{"principal":{"tenant_id":"d","actor_id":"a"},"expires_in_seconds":1.5}',
        'field "expires_in_seconds" must be integer',
      ],
      [
        'non-string allowed_paths',
        '{"principal":{"tenant_id":"d","actor_id":"a"},"allowed_paths":[1]}',
        'field "allowed_paths" must be array of strings',
      ],
      [
        'non-string metadata',
        '{"principal":{"tenant_id":"d","actor_id":"a"},"metadata":{"k":1}}',
        'field "metadata.k" must be string',
      ],
      ['a non-object principal', '{"principal":"alice"}', 'field "principal" must be object'],
      [
        'a __proto__ member',
        '{"principal":{"tenant_id":"d","actor_id":"a"},"__proto__":{"x":1}}',
        'unknown field "__proto__"',
      ],
      [
        'a constructor member',
        '{"principal":{"tenant_id":"d","actor_id":"a"},"constructor":"x"}',
        'unknown field "constructor"',
      ],
      [
        'a bad session_id',
        '{"principal":{"tenant_id":"d","actor_id":"a"},"session_id":"bad/id"}',
        'session_id must match ^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$',
      ],
      [
        'a session_id with a leading dot',
        '{"principal":{"tenant_id":"d","actor_id":"a"},"session_id":".hidden"}',
        'session_id must match',
      ],
      [
        'an absolute allowed path',
        '{"principal":{"tenant_id":"d","actor_id":"a"},"allowed_paths":["/etc"]}',
        '',
      ],
      [
        'a .. allowed path',
        '{"principal":{"tenant_id":"d","actor_id":"a"},"allowed_paths":["a/../.."]}',
        '',
      ],
    ])('should refuse a session create with %s with 400', async (_case, rawBody, message) => {
      const response = await unchanged('POST', '/v1/sessions', {
        rawBody,
        headers: { 'content-type': 'application/json' },
      });
      expectError(response, 400, 'invalid_argument', message);
      expect(response.body.invocation).toBeUndefined();
    });

    it('should refuse a 3 MiB session body with 413', async () => {
      const response = await unchanged('POST', '/v1/sessions', { rawBody: THREE_MIB });
      expectError(response, 413, 'payload_too_large', 'request body exceeds 2 MiB limit');
    });

    it.each([
      ['malformed JSON', '{"args":', 400, 'invalid_argument', 'invalid request body'],
      [
        'an unknown field',
        '{"args":{"path":"."},"colour":1}',
        400,
        'invalid_argument',
        'unknown field "colour"',
      ],
      ['non-object args', '{"args":"x"}', 400, 'invalid_argument', 'field "args" must be object'],
      [
        'a string approval',
        '{"args":{"path":"."},"approved":"true"}',
        400,
        'invalid_argument',
        'field "approved" must be boolean',
      ],
      [
        'a numeric correlation id',
        '{"args":{"path":"."},"correlation_id":7}',
        400,
        'invalid_argument',
        'field "correlation_id" must be string',
      ],
      [
        'args of the wrong type',
        '{"args":{"path":5}}',
        400,
        'invalid_argument',
        'invalid args: /path',
      ],
      ['a 3 MiB body', THREE_MIB, 413, 'payload_too_large', 'request body exceeds 2 MiB limit'],
    ])(
      'should refuse an invoke with %s before any record exists',
      async (_case, rawBody, status, code, message) => {
        const response = await unchanged('POST', invoke(session.id, 'fs.stat'), { rawBody });
        expectError(response, status, code, message);
        expect(response.body.invocation).toBeUndefined();
      },
    );
  });

  describe('unknown resources', () => {
    it.each([
      ['GET', '/v1/sessions/session-0000000000000000', 'session not found'],
      ['GET', '/v1/sessions/session-0000000000000000/tools', 'session not found'],
      ['POST', '/v1/sessions/session-0000000000000000/tools/fs.stat/invoke', 'session not found'],
      ['GET', '/v1/invocations/inv-0000000000000000', 'invocation not found'],
      ['GET', '/v1/invocations/inv-0000000000000000/logs', 'invocation not found'],
      ['GET', '/v1/invocations/..%2F..%2Fetc/artifacts', 'invocation not found'],
    ])('should answer %s %s with 404', async (method, url, message) => {
      const response = await unchanged(method, url, method === 'POST' ? { body: {} } : {});
      expectError(response, 404, 'not_found', message);
    });

    it('should answer an unknown tool with 404 and no invocation', async () => {
      const response = await unchanged('POST', invoke(session.id, 'fs.nope'), { body: {} });
      expectError(response, 404, 'not_found', 'tool not found');
      expect(response.body.invocation).toBeUndefined();
    });

    it('should answer 404 for an unknown artifact of a real invocation', async () => {
      const stat = await t.request('POST', invoke(session.id, 'fs.stat'), {
        body: { args: { path: 'inside.txt' } },
      });
      const response = await unchanged(
        'GET',
        `/v1/invocations/${stat.body.invocation.id}/artifacts/artifact-0000000000000000`,
        {},
      );
      expectError(response, 404, 'not_found', 'artifact not found');
    });

    it('should report an expired session as absent and remove its workspace', async () => {
      const created = (
        await t.request('POST', '/v1/sessions', { body: { ...developer, expires_in_seconds: 1 } })
      ).body.session;
      expect(existsSync(created.workspace_path)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 1100));

      const response = await t.request('POST', invoke(created.id, 'fs.stat'), {
        body: { args: { path: '.' } },
      });

      expectError(response, 404, 'not_found', 'session not found');
      expect(existsSync(created.workspace_path)).toBe(false);
      expect((await t.request('GET', `/v1/sessions/${created.id}`)).status).toBe(404);
    });
  });

  describe('paths (phase D: denied, nothing touched)', () => {
    it.each([
      [
        'a .. traversal',
        'fs.read_file',
        { path: '../../../outside/secret.txt' },
        'path escapes workspace',
      ],
      [
        'a .. write',
        'fs.write_file',
        { path: 'a/../../x.txt', content: 'x' },
        'path escapes workspace',
      ],
      ['an absolute path', 'fs.read_file', { path: '/etc/passwd' }, 'path escapes workspace'],
      [
        'an absolute path next to the workspace',
        'fs.write_file',
        { path: '/tmp/escape.txt', content: 'x' },
        'path escapes workspace',
      ],
      ['a file symlink', 'fs.read_file', { path: 'link-file' }, 'path escapes workspace'],
      ['a directory symlink', 'fs.list', { path: 'link-dir' }, 'path escapes workspace'],
      [
        'a write through a symlinked parent',
        'fs.write_file',
        { path: 'link-dir/new.txt', content: 'x' },
        'path escapes workspace',
      ],
      [
        'a write onto a file symlink',
        'fs.write_file',
        { path: 'link-file', content: 'pwned' },
        'path escapes workspace',
      ],
      [
        'a relative symlink',
        'fs.read_file',
        { path: 'link-relative/secret.txt' },
        'path escapes workspace',
      ],
      ['a NUL byte', 'fs.read_file', { path: 'inside.txt\u0000.png' }, 'path escapes workspace'],
    ])('should deny %s with 403 policy_denied', async (_case, tool, args, message) => {
      const response = await unchanged('POST', invoke(session.id, tool), {
        body: { args, approved: true },
      });

      expectError(response, 403, 'policy_denied', message);
      expect(response.body.invocation.status).toBe('denied');
      expect(response.body.invocation.artifacts).toEqual([]);
    });

    it('should deny a path outside allowed_paths', async () => {
      const sandboxed = (
        await t.request('POST', '/v1/sessions', {
          body: { ...developer, allowed_paths: ['sandbox'] },
        })
      ).body.session;
      writeFileSync(join(sandboxed.workspace_path, 'outside.txt'), 'x');

      const read = await unchanged('POST', invoke(sandboxed.id, 'fs.read_file'), {
        body: { args: { path: 'outside.txt' } },
      });
      const write = await unchanged('POST', invoke(sandboxed.id, 'fs.write_file'), {
        body: { args: { path: 'sandboxed/../outside.txt', content: 'y' }, approved: true },
      });

      expectError(read, 403, 'policy_denied', 'path outside allowed_paths');
      expectError(write, 403, 'policy_denied', 'path escapes workspace');
    });

    it('should refuse to delete the workspace root even for an approved platform_admin', async () => {
      for (const path of ['.', '', adminSession.workspace_path]) {
        const response = await unchanged('POST', invoke(adminSession.id, 'fs.delete'), {
          body: { args: { path, recursive: true }, approved: true },
        });
        expectError(response, 403, 'policy_denied', 'refusing to delete workspace root');
        expect(existsSync(adminSession.workspace_path)).toBe(true);
      }
    });

    it('should require approval before writing', async () => {
      const response = await unchanged('POST', invoke(session.id, 'fs.write_file'), {
        body: { args: { path: 'new.txt', content: 'x' } },
      });
      expectError(response, 428, 'approval_required', 'tool requires explicit approval');
      expect(response.body.invocation.status).toBe('denied');
      expect(existsSync(join(session.workspace_path, 'new.txt'))).toBe(false);
    });
  });

  describe('caller session ids', () => {
    it('should refuse a live id with 409 and leave the live session untouched', async () => {
      const first = await t.request('POST', '/v1/sessions', {
        body: { ...developer, session_id: 'taken-id' },
      });
      expect(first.status).toBe(201);
      writeFileSync(join(first.body.session.workspace_path, 'keep.txt'), 'keep');

      const again = await unchanged('POST', '/v1/sessions', {
        body: { ...admin, session_id: 'taken-id' },
      });

      expectError(again, 409, 'conflict', 'session already exists');
      expect(
        (await t.request('GET', '/v1/sessions/taken-id')).body.session.principal.actor_id,
      ).toBe('alice');
      expect(readFileSync(join(first.body.session.workspace_path, 'keep.txt'), 'utf8')).toBe(
        'keep',
      );
    });
  });
});

describe('check order (API.md 4.3)', () => {
  it('should answer 404 before 413 for an unknown session with an oversized body', async () => {
    const t = await startTestApp();
    try {
      const response = await t.request(
        'POST',
        '/v1/sessions/session-0000000000000000/tools/fs.stat/invoke',
        { rawBody: THREE_MIB },
      );
      expect(response.status).toBe(404);
      expect(response.body.error.message).toBe('session not found');
    } finally {
      await t.close();
    }
  });

  it('should answer 403 before 400 and 413 for a foreign session in trusted mode', async () => {
    const t = await startTestApp({
      WORKSPACE_AUTH_MODE: 'trusted_headers',
      WORKSPACE_AUTH_SHARED_TOKEN: 't0k3n',
    });
    try {
      const auth = { 'X-Workspace-Auth-Token': 't0k3n', 'X-Workspace-Tenant-Id': 'acme' };
      const created = await t.request('POST', '/v1/sessions', {
        body: {},
        headers: { ...auth, 'X-Workspace-Actor-Id': 'bob' },
      });
      const url = `/v1/sessions/${created.body.session.id}/tools/fs.stat/invoke`;
      const eve = { ...auth, 'X-Workspace-Actor-Id': 'eve' };

      const malformed = await t.request('POST', url, { rawBody: '{"args":', headers: eve });
      const oversized = await t.request('POST', url, { rawBody: THREE_MIB, headers: eve });

      for (const response of [malformed, oversized]) {
        expect(response.status).toBe(403);
        expect(response.body.error).toEqual({
          code: 'policy_denied',
          message: 'session does not belong to authenticated principal',
          retryable: false,
        });
      }
    } finally {
      await t.close();
    }
  });
});
