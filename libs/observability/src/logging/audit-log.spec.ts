import { createHash } from 'node:crypto';
import type { Invocation, Session } from '#app/contracts';
import { AuditLog, argsSha256 } from './audit-log.js';
import { JsonLogger } from './json-logger.js';

const EMPTY_ARGS_SHA256 = '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a';

const session: Session = {
  id: 'ses_1',
  workspace_path: '/tmp/ws',
  runtime: { kind: 'local', workdir: '/tmp/ws' },
  allowed_paths: ['.'],
  principal: { tenant_id: 'acme', actor_id: 'alice', roles: ['developer', 'ops'] },
  metadata: {
    api_token: 't',
    PASSWORD: 'p',
    client_secret: 's',
    authorization: 'Bearer x',
    team: 'core',
  },
  created_at: '2025-01-01T00:00:00.000Z',
  expires_at: '2025-01-01T01:00:00.000Z',
};

function finished(overrides: Partial<Invocation> = {}): Invocation {
  return {
    id: 'inv_1',
    session_id: 'ses_1',
    tool_name: 'fs.stat',
    status: 'succeeded',
    started_at: '2025-01-01T00:00:00.000Z',
    completed_at: '2025-01-01T00:00:00.042Z',
    duration_ms: 42,
    trace_name: 'workspace.tools',
    span_name: 'fs.stat',
    exit_code: 0,
    logs: [],
    artifacts: [],
    ...overrides,
  };
}

function audit(level: 'debug' | 'error' = 'debug'): {
  log: AuditLog;
  lines: Array<Record<string, unknown>>;
  raw: string[];
} {
  const raw: string[] = [];
  const lines: Array<Record<string, unknown>> = [];
  const log = new AuditLog(
    new JsonLogger(level, (line) => {
      raw.push(line);
      lines.push(JSON.parse(line) as Record<string, unknown>);
    }),
  );
  return { log, lines, raw };
}

describe('AuditLog', () => {
  it('should write exactly the API.md 11.3 fields in order when an invocation succeeded', () => {
    const { log, lines } = audit();
    log.record({ invocation: finished(), session, approved: false, args: {} });

    expect(lines).toHaveLength(1);
    const line = lines[0];
    expect(Object.keys(line)).toEqual([
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
    ]);
    expect(line).toMatchObject({
      level: 'info',
      msg: 'audit.tool_invocation',
      at: '2025-01-01T00:00:00.042Z',
      invocation_id: 'inv_1',
      session_id: 'ses_1',
      tool: 'fs.stat',
      correlation_id: '',
      status: 'succeeded',
      duration_ms: 42,
      exit_code: 0,
      approved: false,
      tenant_id: 'acme',
      actor_id: 'alice',
      roles: ['developer', 'ops'],
      args_sha256: EMPTY_ARGS_SHA256,
    });
  });

  it('should add error_code after status and keep the correlation id when the invocation was denied', () => {
    const { log, lines } = audit();
    const error = { code: 'approval_required', message: 'approval required', retryable: false };
    log.record({
      invocation: finished({ status: 'denied', error, correlation_id: 'c-9' }),
      session,
      approved: true,
      args: {},
    });

    const line = lines[0];
    expect(Object.keys(line).slice(7, 11)).toEqual([
      'correlation_id',
      'status',
      'error_code',
      'duration_ms',
    ]);
    expect(line).toMatchObject({
      status: 'denied',
      error_code: 'approval_required',
      correlation_id: 'c-9',
      approved: true,
    });
  });

  it('should write the audit line at level info when LOG_LEVEL is error', () => {
    const { log, lines } = audit('error');
    log.record({ invocation: finished(), session, approved: false, args: {} });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.['level']).toBe('info');
  });

  it('should redact secret-named metadata keys and keep the others when auditing', () => {
    const { log, lines } = audit();
    log.record({ invocation: finished(), session, approved: false, args: {} });
    expect(lines[0]?.['metadata']).toEqual({
      api_token: '[REDACTED]',
      PASSWORD: '[REDACTED]',
      client_secret: '[REDACTED]',
      authorization: '[REDACTED]',
      team: 'core',
    });
  });

  it('should log the hash of the canonical args and never the raw args when args are given', () => {
    const { log, raw, lines } = audit();
    const args = {
      path: 'very-distinctive-path.txt',
      content: 'hola-raw-content',
      nested: { b: 1, a: [2, 1] },
    };
    log.record({ invocation: finished(), session, approved: false, args });

    expect(lines[0]?.['args_sha256']).toBe(
      argsSha256({
        nested: { a: [2, 1], b: 1 },
        content: 'hola-raw-content',
        path: 'very-distinctive-path.txt',
      }),
    );
    expect(lines[0]?.['args_sha256']).not.toBe(EMPTY_ARGS_SHA256);
    expect(raw.join('\n')).not.toContain('very-distinctive-path');
    expect(raw.join('\n')).not.toContain('hola-raw-content');
  });

  it('should write the same line from a digest carried from C1 as from hashing the args again', () => {
    const { log, raw } = audit();
    const args = { path: 'a.txt', nested: { b: 1, a: [2, 1] } };
    log.record({ invocation: finished(), session, approved: true, args });
    log.record({
      invocation: finished(),
      session,
      approved: true,
      args,
      argsSha256: argsSha256(args),
    });

    expect(raw[1]?.replace(/"time":"[^"]*"/, '')).toBe(raw[0]?.replace(/"time":"[^"]*"/, ''));
  });

  it('should give the createHash digest of the canonical UTF-8 text for non-ASCII and astral args', () => {
    const args = { clé: 'naïve ☃ 😀', list: [1, '\u0000', { z: null, a: 'x' }] };
    const canonical = '{"clé":"naïve ☃ 😀","list":[1,"\\u0000",{"a":"x","z":null}]}';
    expect(argsSha256(args)).toBe(createHash('sha256').update(canonical, 'utf8').digest('hex'));
  });

  it('should hash {} to the API.md reference digest when args are empty', () => {
    expect(argsSha256({})).toBe(EMPTY_ARGS_SHA256);
  });

  it('should add approved_via after approved only when the approval came from an MCP elicitation', () => {
    const { log, lines } = audit();
    log.record({
      invocation: finished(),
      session,
      approved: true,
      args: {},
      approvedVia: 'mcp_elicitation',
    });
    log.record({ invocation: finished(), session, approved: true, args: {} });
    const keys = Object.keys(lines[0]);
    expect(keys.indexOf('approved_via')).toBe(keys.indexOf('approved') + 1);
    expect(lines[0]).toMatchObject({ approved: true, approved_via: 'mcp_elicitation' });
    expect(lines[1]).not.toHaveProperty('approved_via');
  });

  it('should write one audit.approval line with who acted and never the args', () => {
    const { log, lines, raw } = audit('error');
    const approval = {
      id: 'approval-1',
      status: 'approved' as const,
      session_id: 'ses_1',
      tool_name: 'fs.write_file',
      args_sha256: 'a'.repeat(64),
      args: { content: 'approval-raw-content' },
      requested_by: { tenant: 'acme', actor: 'alice' },
      created_at: '2025-01-01T00:00:00.000Z',
      expires_at: '2025-01-01T00:15:00.000Z',
      decided_by: { tenant: 'acme', actor: 'bob' },
      decided_at: '2025-01-01T00:01:00.000Z',
      reason: 'fine',
    };

    log.recordApproval({
      event: 'approved',
      approval,
      by: { tenant: 'acme', actor: 'bob' },
      at: '2025-01-01T00:01:00.000Z',
    });

    expect(lines).toHaveLength(1);
    const { time: _time, ...line } = lines[0];
    expect(line).toEqual({
      level: 'info',
      msg: 'audit.approval',
      at: '2025-01-01T00:01:00.000Z',
      event: 'approved',
      approval_id: 'approval-1',
      session_id: 'ses_1',
      tool: 'fs.write_file',
      args_sha256: 'a'.repeat(64),
      tenant_id: 'acme',
      actor_id: 'bob',
      requested_by: 'alice',
      reason: 'fine',
      expires_at: '2025-01-01T00:15:00.000Z',
    });
    expect(raw.join('\n')).not.toContain('approval-raw-content');
  });
});
