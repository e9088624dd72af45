import type { Session } from '#app/contracts';
import { AppException } from '#app/errors';
import { parseForkSession } from './fork-session.request.js';

const source: Session = {
  id: 'source-1',
  workspace_path: '/w/demo/source-1/repo',
  runtime: { kind: 'local', workdir: '/w/demo/source-1/repo' },
  allowed_paths: ['src', 'docs/api'],
  principal: { tenant_id: 'demo', actor_id: 'alice', roles: ['developer'] },
  metadata: { team: 'x', allowed_nats_subjects: 'orders.>' },
  created_at: '2030-01-01T00:00:00.000Z',
  expires_at: '2030-01-01T01:00:00.000Z',
};

function refusal(body: Record<string, unknown>): { code: string; message: string } {
  try {
    parseForkSession(body as never, source);
  } catch (error) {
    if (error instanceof AppException) {
      return { code: error.code, message: error.message };
    }
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('parseForkSession (API.md 5.16)', () => {
  it('should inherit principal, allowed_paths and metadata when the body is empty', () => {
    const command = parseForkSession({}, source);

    expect(command).toEqual({
      sessionId: undefined,
      allowedPaths: ['src', 'docs/api'],
      principal: source.principal,
      metadata: { team: 'x', allowed_nats_subjects: 'orders.>' },
      expiresInSeconds: 3600,
    });
  });

  it('should accept narrowed allowed_paths, added metadata keys, an id and a ttl', () => {
    const command = parseForkSession(
      {
        session_id: 'fork-1',
        ttl_seconds: 60,
        allowed_paths: ['./src/lib/', 'docs/api', 'src/lib'],
        metadata: { purpose: 'experiment', team: 'x' },
      },
      source,
    );

    expect(command.sessionId).toBe('fork-1');
    expect(command.expiresInSeconds).toBe(60);
    expect(command.allowedPaths).toEqual(['src/lib', 'docs/api']);
    expect(command.metadata).toEqual({
      team: 'x',
      allowed_nats_subjects: 'orders.>',
      purpose: 'experiment',
    });
  });

  it('should refuse an allowed_paths entry wider than or beside the source ones', () => {
    for (const entry of ['.', 'docs', 'srcx', 'other']) {
      expect(refusal({ allowed_paths: [entry] })).toEqual({
        code: 'invalid_argument',
        message: `allowed_paths entry ${JSON.stringify(entry)} is not inside the source session's allowed_paths`,
      });
    }
  });

  it('should refuse malformed entries, ids and fields as create does', () => {
    expect(refusal({ allowed_paths: ['../x'] }).message).toBe(
      'invalid allowed_paths entry: "../x"',
    );
    expect(refusal({ session_id: '-bad' }).message).toBe(
      'session_id must match ^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$',
    );
    expect(refusal({ expires_in_seconds: 5 }).message).toBe('unknown field "expires_in_seconds"');
    expect(refusal({ ttl_seconds: 'x' }).code).toBe('invalid_argument');
  });

  it('should refuse changing an inherited metadata value, which could widen an allowlist', () => {
    expect(refusal({ metadata: { allowed_nats_subjects: '' } })).toEqual({
      code: 'invalid_argument',
      message:
        'metadata "allowed_nats_subjects" is inherited from the source session and cannot be changed',
    });
  });

  it('should treat a source allowing the whole workspace as covering every entry', () => {
    const whole = { ...source, allowed_paths: ['.'] };

    expect(parseForkSession({ allowed_paths: ['a/b', '.'] }, whole).allowedPaths).toEqual([
      'a/b',
      '.',
    ]);
  });
});
