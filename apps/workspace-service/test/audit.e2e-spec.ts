import { createHash } from 'node:crypto';
import { startTestApp, type TestApp } from './support/test-app.js';

const EMPTY_ARGS_SHA256 = '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a';
const RAW_CONTENT = 'raw-content-that-must-never-be-logged-7f3a';
const RAW_PATH = 'secret-plans-path-91c2.txt';

const AUDIT_FIELDS = [
  'level',
  'time',
  'msg',
  'at',
  'invocation_id',
  'session_id',
  'tool',
  'correlation_id',
  'status',
  'duration_ms',
  'exit_code',
  'approved',
  'tenant_id',
  'actor_id',
  'roles',
  'args_sha256',
  'metadata',
];

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

// API.md 11.3 / 11.4, with LOG_LEVEL=error so only forced lines (and errors) reach the log.
describe('audit log (API.md 11.3)', () => {
  let t: TestApp;
  let sessionId: string;

  const audits = (): Array<Record<string, unknown>> =>
    t.logs.filter((line) => line['msg'] === 'audit.tool_invocation');
  const invoke = (tool: string, body: unknown) =>
    t.request('POST', `/v1/sessions/${sessionId}/tools/${tool}/invoke`, { body });

  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'error' });
    const session = await t.request('POST', '/v1/sessions', {
      body: {
        principal: { tenant_id: 'demo', actor_id: 'alice', roles: ['developer', 'reviewer'] },
        metadata: {
          api_token: 'tok-1',
          PASSWORD: 'pw-2',
          client_secret: 'sec-3',
          authorization: 'Bearer abc',
          team: 'core',
        },
      },
    });
    expect(session.status).toBe(201);
    sessionId = session.body.session.id;
  });
  afterAll(() => t.close());

  it('should write one info audit line with exactly the spec fields when LOG_LEVEL is error', async () => {
    const response = await invoke('fs.list', { correlation_id: 'audit-1' });
    expect(response.status).toBe(200);

    const lines = audits();
    expect(lines).toHaveLength(1);
    const line = lines[0];
    expect(Object.keys(line)).toEqual(AUDIT_FIELDS);
    expect(line).toMatchObject({
      level: 'info',
      at: response.body.invocation.completed_at,
      invocation_id: response.body.invocation.id,
      session_id: sessionId,
      tool: 'fs.list',
      correlation_id: 'audit-1',
      status: 'succeeded',
      duration_ms: response.body.invocation.duration_ms,
      exit_code: 0,
      approved: false,
      tenant_id: 'demo',
      actor_id: 'alice',
      roles: ['developer', 'reviewer'],
      args_sha256: EMPTY_ARGS_SHA256,
    });
    expect(Number.isInteger(line['duration_ms'])).toBe(true);
  });

  it('should redact secret-named session metadata keys in the audit line', () => {
    expect(audits()[0]?.['metadata']).toEqual({
      api_token: '[REDACTED]',
      PASSWORD: '[REDACTED]',
      client_secret: '[REDACTED]',
      authorization: '[REDACTED]',
      team: 'core',
    });
  });

  it('should write no audit line when the invocation is a correlation replay', async () => {
    const replay = await invoke('fs.list', { correlation_id: 'audit-1' });
    expect(replay.status).toBe(200);
    expect(audits()).toHaveLength(1);
  });

  it('should write no audit line when the request is rejected in admission', async () => {
    expect((await invoke('fs.nope', { args: {} })).status).toBe(404);
    expect((await invoke('fs.stat', { args: { path: 1 } })).status).toBe(400);
    expect((await invoke('fs.stat', { unknown_member: true })).status).toBe(400);
    expect(audits()).toHaveLength(1);
  });

  it('should audit a denial with its error code and the canonical args hash but never the raw args', async () => {
    const args = { path: RAW_PATH, content: RAW_CONTENT };
    const response = await invoke('fs.write_file', { args });
    expect(response.status).toBe(428);

    const line = audits()[1];
    expect(Object.keys(line)).toEqual([
      ...AUDIT_FIELDS.slice(0, 9),
      'error_code',
      ...AUDIT_FIELDS.slice(9),
    ]);
    expect(line).toMatchObject({
      tool: 'fs.write_file',
      status: 'denied',
      error_code: 'approval_required',
      correlation_id: '',
    });
    // Keys sorted by code units: content < path.
    expect(line['args_sha256']).toBe(
      sha256(`{"content":${JSON.stringify(RAW_CONTENT)},"path":${JSON.stringify(RAW_PATH)}}`),
    );
    const everything = JSON.stringify(t.logs);
    expect(everything).not.toContain(RAW_CONTENT);
    expect(everything).not.toContain(RAW_PATH);
    expect(everything).not.toContain('tok-1');
    expect(everything).not.toContain('sec-3');
  });
});

describe('raw args in debug logs (API.md 11.3)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'debug' });
  });
  afterAll(() => t.close());

  it('should never log raw args when every level is written and the tools run', async () => {
    const session = await t.request('POST', '/v1/sessions', {
      body: { principal: { tenant_id: 'demo', actor_id: 'bob', roles: ['developer'] } },
    });
    const id = session.body.session.id as string;
    const write = await t.request('POST', `/v1/sessions/${id}/tools/fs.write_file/invoke`, {
      body: { approved: true, args: { path: RAW_PATH, content: RAW_CONTENT } },
    });
    expect(write.status).toBe(200);
    const read = await t.request('POST', `/v1/sessions/${id}/tools/fs.read_file/invoke`, {
      body: { args: { path: RAW_PATH } },
    });
    expect(read.body.invocation.output.content).toBe(RAW_CONTENT);

    const audited = t.logs.filter((line) => line['msg'] === 'audit.tool_invocation');
    expect(audited.map((line) => [line['tool'], line['status'], line['approved']])).toEqual([
      ['fs.write_file', 'succeeded', true],
      ['fs.read_file', 'succeeded', false],
    ]);
    const everything = JSON.stringify(t.logs);
    expect(everything).not.toContain(RAW_CONTENT);
    expect(everything).not.toContain(RAW_PATH);
  });
});
