import type { JsonObject } from '#app/contracts';
import { AppException } from '#app/errors';
import { parseCreateSession } from './create-session.request.js';

const principal = { tenant_id: 'demo', actor_id: 'alice' };

function refusal(body: JsonObject, headerPrincipal = null): { code: string; message: string } {
  try {
    parseCreateSession(body, headerPrincipal);
  } catch (error) {
    if (error instanceof AppException) {
      return { code: error.code, message: error.message };
    }
    throw error;
  }
  throw new Error('expected the body to be refused');
}

describe('parseCreateSession (API.md 5.6)', () => {
  it('should apply every default when only the principal is given', () => {
    expect(parseCreateSession({ principal }, null)).toEqual({
      sessionId: undefined,
      repoUrl: undefined,
      repoRef: undefined,
      sourceRepoPath: undefined,
      allowedPaths: ['.'],
      principal: { ...principal, roles: [] },
      metadata: {},
      expiresInSeconds: 3600,
    });
  });

  it('should treat null members and an empty session_id as absent', () => {
    const command = parseCreateSession(
      {
        principal,
        session_id: '',
        repo_url: null,
        allowed_paths: null,
        metadata: null,
        expires_in_seconds: null,
      },
      null,
    );
    expect(command).toMatchObject({
      sessionId: undefined,
      repoUrl: undefined,
      allowedPaths: ['.'],
      metadata: {},
      expiresInSeconds: 3600,
    });
  });

  it.each([
    ['missing', undefined, 'principal.tenant_id is required'],
    ['blank tenant', { tenant_id: '  ', actor_id: 'a' }, 'principal.tenant_id is required'],
    ['missing actor', { tenant_id: 'demo' }, 'principal.actor_id is required'],
    ['blank actor', { tenant_id: 'demo', actor_id: ' \t' }, 'principal.actor_id is required'],
  ])('should require the principal ids when the principal is %s', (_case, value, message) => {
    const body: JsonObject = value === undefined ? {} : { principal: value };
    expect(refusal(body)).toEqual({ code: 'invalid_argument', message });
  });

  it('should refuse principal ids longer than 256 characters and accept 256', () => {
    expect(refusal({ principal: { tenant_id: 't'.repeat(257), actor_id: 'a' } }).code).toBe(
      'invalid_argument',
    );
    expect(refusal({ principal: { tenant_id: 't', actor_id: 'a'.repeat(257) } }).code).toBe(
      'invalid_argument',
    );
    expect(
      parseCreateSession({ principal: { tenant_id: 't'.repeat(256), actor_id: 'a' } }, null)
        .principal.tenant_id,
    ).toHaveLength(256);
  });

  it('should trim principal ids and normalise roles (trimmed, empties dropped, first occurrence kept)', () => {
    const command = parseCreateSession(
      {
        principal: {
          tenant_id: ' demo ',
          actor_id: ' alice ',
          roles: [' devops', '', 'devops ', ' ', 'developer'],
        },
      },
      null,
    );
    expect(command.principal).toEqual({
      tenant_id: 'demo',
      actor_id: 'alice',
      roles: ['devops', 'developer'],
    });
  });

  it('should take the header principal in trusted mode but still check the body principal shape', () => {
    const fromHeaders = { tenant_id: 'acme', actor_id: 'bob', roles: ['devops'] };
    expect(
      parseCreateSession({ principal: { tenant_id: 'x', actor_id: 'y' } }, fromHeaders as never)
        .principal,
    ).toEqual(fromHeaders);
    expect(parseCreateSession({}, fromHeaders as never).principal).toEqual(fromHeaders);
    expect(
      refusal({ principal: { tenant_id: 'x', team: 'y' } }, fromHeaders as never).message,
    ).toBe('unknown field "principal.team"');
  });

  it.each([
    ['my-session', true],
    ['A', true],
    ['a.b_c-9', true],
    ['x'.repeat(128), true],
    ['x'.repeat(129), false],
    ['bad/id', false],
    ['-leading', false],
    ['.hidden', false],
    ['_under', false],
    ['with space', false],
    ['ünïcode', false],
  ])('should judge session_id %j valid: %s', (sessionId, valid) => {
    if (valid) {
      expect(parseCreateSession({ principal, session_id: sessionId }, null).sessionId).toBe(
        sessionId,
      );
    } else {
      expect(refusal({ principal, session_id: sessionId })).toEqual({
        code: 'invalid_argument',
        message: 'session_id must match ^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$',
      });
    }
  });

  it.each([
    [[], ['.']],
    [['.'], ['.']],
    [[''], ['.']],
    [
      ['src/', './src', 'src//lib/.', 'docs'],
      ['src', 'src/lib', 'docs'],
    ],
    [
      ['..cache', 'a/..b'],
      ['..cache', 'a/..b'],
    ],
  ])('should normalise allowed_paths %j to %j', (entries, expected) => {
    expect(parseCreateSession({ principal, allowed_paths: entries }, null).allowedPaths).toEqual(
      expected,
    );
  });

  it.each([['/abs'], ['a/../b'], ['..'], ['a\u0000b']])(
    'should refuse the allowed_paths entry %j',
    (entry) => {
      expect(refusal({ principal, allowed_paths: [entry] }).code).toBe('invalid_argument');
    },
  );

  it('should accept 256 allowed_paths entries and refuse 257', () => {
    const entries = Array.from({ length: 257 }, (_, index) => `p${index}`);
    expect(
      parseCreateSession({ principal, allowed_paths: entries.slice(0, 256) }, null).allowedPaths,
    ).toHaveLength(256);
    expect(refusal({ principal, allowed_paths: entries }).code).toBe('invalid_argument');
  });

  it('should require string metadata values and non-empty keys', () => {
    expect(refusal({ principal, metadata: { team: 5 } })).toEqual({
      code: 'invalid_argument',
      message: 'field "metadata.team" must be string',
    });
    expect(refusal({ principal, metadata: { '': 'x' } }).code).toBe('invalid_argument');
    expect(
      parseCreateSession({ principal, metadata: { allowed_profiles: 'a,b' } }, null).metadata,
    ).toEqual({ allowed_profiles: 'a,b' });
  });

  it.each([
    [undefined, 3600],
    [0, 3600],
    [-5, 3600],
    [1, 1],
    [90000, 90000],
  ])('should turn expires_in_seconds %j into %j before the TTL cap', (value, expected) => {
    const body: JsonObject =
      value === undefined ? { principal } : { principal, expires_in_seconds: value };
    expect(parseCreateSession(body, null).expiresInSeconds).toBe(expected);
  });

  it('should refuse a non-integer TTL', () => {
    expect(refusal({ principal, expires_in_seconds: 1.5 }).message).toBe(
      'field "expires_in_seconds" must be integer',
    );
    expect(refusal({ principal, expires_in_seconds: '60' }).message).toBe(
      'field "expires_in_seconds" must be integer',
    );
  });

  it.each([['-main'], ['feature branch'], ['a..b'], ['tab\t'], ['bell\u0007'], ['r'.repeat(256)]])(
    'should refuse the repo_ref %j when a repo_url is given',
    (ref) => {
      expect(
        refusal({ principal, repo_url: 'https://example.com/r.git', repo_ref: ref }).code,
      ).toBe('invalid_argument');
    },
  );

  it('should ignore repo_ref without repo_url and keep a valid one with it', () => {
    expect(parseCreateSession({ principal, repo_ref: '-bad' }, null).repoRef).toBeUndefined();
    expect(
      parseCreateSession(
        { principal, repo_url: 'https://e.com/r.git', repo_ref: 'release/1.2' },
        null,
      ).repoRef,
    ).toBe('release/1.2');
  });

  it('should refuse a relative source_repo_path', () => {
    expect(refusal({ principal, source_repo_path: 'repos/x' }).code).toBe('invalid_argument');
  });

  it.each([
    [{ principal, colour: 'red' }, 'unknown field "colour"'],
    [{ principal, allowed_paths: 'src' }, 'field "allowed_paths" must be array of strings'],
    [{ principal, metadata: ['a'] }, 'field "metadata" must be object of strings'],
    [{ principal, session_id: 7 }, 'field "session_id" must be string'],
    [
      { principal: { ...principal, roles: 'admin' } },
      'field "principal.roles" must be array of strings',
    ],
    [{ principal, repo_url: true }, 'field "repo_url" must be string'],
  ])('should refuse the shape of %j', (body, message) => {
    expect(refusal(body as JsonObject)).toEqual({ code: 'invalid_argument', message });
  });
});
