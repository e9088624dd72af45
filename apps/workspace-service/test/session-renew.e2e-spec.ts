import { SessionSweeper } from '#app/sessions';
import { startTestApp, type TestApp } from './support/test-app.js';

const TOKEN = 'renew-token';
const as = (tenant: string, actor: string): Record<string, string> => ({
  'X-Workspace-Auth-Token': TOKEN,
  'X-Workspace-Tenant-Id': tenant,
  'X-Workspace-Actor-Id': actor,
  'X-Workspace-Roles': 'developer',
});
const OWNER = as('acme', 'alice');

describe('POST /v1/sessions/{id}/renew (API.md 5.15)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      WORKSPACE_AUTH_MODE: 'trusted_headers',
      WORKSPACE_AUTH_SHARED_TOKEN: TOKEN,
      WORKSPACE_MAX_SESSION_TTL_SECONDS: '7200',
      WORKSPACE_MAX_SESSION_LIFETIME_SECONDS: '3600',
    });
  });
  afterAll(() => t.close());

  async function create(expiresIn: number): Promise<Record<string, string>> {
    const created = await t.request('POST', '/v1/sessions', {
      headers: OWNER,
      body: { expires_in_seconds: expiresIn },
    });
    expect(created.status).toBe(201);
    return created.body.session as Record<string, string>;
  }

  const renew = (id: string, body?: unknown, headers = OWNER) =>
    t.request('POST', `/v1/sessions/${id}/renew`, {
      headers,
      ...(body === undefined ? {} : { body }),
    });

  it('should record ttl_seconds at create and extend expires_at to now + that TTL with no body', async () => {
    const session = await create(600);
    expect(session['ttl_seconds']).toBe(600);

    const before = Date.now();
    const response = await renew(session['id']);
    const after = Date.now();

    expect(response.status).toBe(200);
    const renewed = response.body.session;
    // A renew moves expires_at and, being activity (API.md 8.2), last_activity_at; nothing else.
    expect({ ...renewed, expires_at: 'x', last_activity_at: 'y' }).toEqual({
      ...session,
      expires_at: 'x',
      last_activity_at: 'y',
    });
    expect(Date.parse(renewed.last_activity_at)).toBeGreaterThanOrEqual(before - 1);
    expect(Date.parse(renewed.last_activity_at)).toBeLessThanOrEqual(after);
    expect(Date.parse(renewed.expires_at)).toBeGreaterThanOrEqual(before - 1 + 600_000);
    expect(Date.parse(renewed.expires_at)).toBeLessThanOrEqual(after + 600_000);
    expect(
      (await t.request('GET', `/v1/sessions/${session['id']}`, { headers: OWNER })).body,
    ).toEqual({ session: renewed });
  });

  it('should extend to now + ttl_seconds, keeping a renewed session through a sweep', async () => {
    const session = await create(60);
    const before = Date.now();
    const response = await renew(session['id'], { ttl_seconds: 1800 });

    expect(response.status).toBe(200);
    expect(Date.parse(response.body.session.expires_at)).toBeGreaterThanOrEqual(
      before - 1 + 1_800_000,
    );
    await t.app.get(SessionSweeper).sweepOnce();
    expect(
      (await t.request('GET', `/v1/sessions/${session['id']}`, { headers: OWNER })).status,
    ).toBe(200);
  });

  it('should refuse with 400 and exact messages, leaving the session unchanged', async () => {
    const session = await create(600);
    const refusals: Array<[unknown, string]> = [
      [{ ttl_seconds: 7201 }, 'ttl_seconds must be at most 7200'],
      [{ ttl_seconds: 0 }, 'ttl_seconds must be at least 1'],
      [{ ttl_seconds: 7200, extra: 1 }, 'unknown field "extra"'],
    ];
    for (const [body, message] of refusals) {
      const response = await renew(session['id'], body);
      expect({ status: response.status, error: response.body['error'] }).toEqual({
        status: 400,
        error: { code: 'invalid_argument', message, retryable: false },
      });
    }
    expect(
      (await t.request('GET', `/v1/sessions/${session['id']}`, { headers: OWNER })).body,
    ).toEqual({ session });
  });

  it('should refuse a lifetime above WORKSPACE_MAX_SESSION_LIFETIME_SECONDS and cap create at it', async () => {
    const session = await create(7200);
    expect(Date.parse(session['expires_at']) - Date.parse(session['created_at'])).toBe(3_600_000);
    expect(session['ttl_seconds']).toBe(3600);

    // now >= created_at, so now + 3601 s is past created_at + 3600 s.
    const refused = await renew(session['id'], { ttl_seconds: 3601 });

    expect({ status: refused.status, error: refused.body['error'] }).toEqual({
      status: 400,
      error: {
        code: 'invalid_argument',
        message: 'session lifetime would exceed 3600 s',
        retryable: false,
      },
    });
    expect((await renew(session['id'], { ttl_seconds: 1800 })).status).toBe(200);
  });

  it('should answer 401, then 404, then 403, in that order, and change nothing', async () => {
    const session = await create(600);
    const noToken = await t.request('POST', `/v1/sessions/${session['id']}/renew`, {
      headers: { ...OWNER, 'X-Workspace-Auth-Token': 'wrong' },
      body: { ttl_seconds: 99999 },
    });
    expect([noToken.status, noToken.body['error']?.code]).toEqual([401, 'unauthorized']);
    const unknown = await renew('session-0000000000000000', { ttl_seconds: 99999 });
    expect([unknown.status, unknown.body['error']?.message]).toEqual([404, 'session not found']);
    const foreign = await renew(session['id'], { ttl_seconds: 99999 }, as('acme', 'bob'));
    expect([foreign.status, foreign.body['error']?.message]).toEqual([
      403,
      'session does not belong to authenticated principal',
    ]);
    const closed = await create(600);
    await t.request('DELETE', `/v1/sessions/${closed['id']}`, { headers: OWNER });
    expect((await renew(closed['id'])).status).toBe(404);
    expect(
      (await t.request('GET', `/v1/sessions/${session['id']}`, { headers: OWNER })).body,
    ).toEqual({ session });
  });
});
