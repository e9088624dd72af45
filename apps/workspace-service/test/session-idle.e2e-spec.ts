import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { SessionSweeper } from '#app/sessions';
import { startTestApp, type TestApp } from './support/test-app.js';

const TOKEN = 'idle-token';
const as = (tenant: string, actor: string): Record<string, string> => ({
  'X-Workspace-Auth-Token': TOKEN,
  'X-Workspace-Tenant-Id': tenant,
  'X-Workspace-Actor-Id': actor,
  'X-Workspace-Roles': 'developer',
});
const OWNER = as('acme', 'alice');
const STRANGER = as('acme', 'mallory');
// 3 s: wide enough margins between the test's own steps on a loaded machine.
const IDLE_MS = 3000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// API.md 8.2 (idle timeout), 2.1 (last_activity_at), 5.7/5.15: memory stores, Fastify inject.
describe('session idle timeout (WORKSPACE_SESSION_IDLE_TIMEOUT_SECONDS=3, memory store)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      WORKSPACE_AUTH_MODE: 'trusted_headers',
      WORKSPACE_AUTH_SHARED_TOKEN: TOKEN,
      WORKSPACE_SESSION_IDLE_TIMEOUT_SECONDS: String(IDLE_MS / 1000),
    });
  });
  afterAll(() => t.close());

  async function create(): Promise<Record<string, string>> {
    const created = await t.request('POST', '/v1/sessions', {
      headers: OWNER,
      body: { expires_in_seconds: 600 },
    });
    expect(created.status).toBe(201);
    return created.body.session as Record<string, string>;
  }

  const read = (id: string, headers = OWNER) => t.request('GET', `/v1/sessions/${id}`, { headers });
  const invoke = (id: string, headers = OWNER) =>
    t.request('POST', `/v1/sessions/${id}/tools/fs.list/invoke`, {
      headers,
      body: { args: { path: '.' } },
    });

  /** Polls `probe` until it is true, at most 30 s (the machine may be loaded). */
  async function eventually(probe: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (!(await probe())) {
      if (Date.now() > deadline) {
        throw new Error('condition not reached within 30 s');
      }
      await sleep(100);
    }
  }

  it('should carry last_activity_at = created_at on a new session', async () => {
    const session = await create();

    expect(session['last_activity_at']).toBe(session['created_at']);
    expect((await read(session['id'])).body.session.last_activity_at).toBe(session['created_at']);
  });

  it('should close an idle session in the sweeper: workspace removed, then 404, log line reason idle', async () => {
    const session = await create();
    await sleep(IDLE_MS + 100);

    await t.app.get(SessionSweeper).sweepOnce();

    expect(existsSync(dirname(session['workspace_path']))).toBe(false);
    expect((await read(session['id'])).status).toBe(404);
    expect(t.logs).toContainEqual(
      expect.objectContaining({ msg: 'session closed', session_id: session['id'], reason: 'idle' }),
    );
  });

  it('should answer 404 to a read of an idle session before the sweeper ran, closing it', async () => {
    const session = await create();
    await sleep(IDLE_MS + 100);

    const response = await read(session['id']);

    expect(response.status).toBe(404);
    expect(response.body.error).toMatchObject({ code: 'not_found', message: 'session not found' });
    expect(existsSync(dirname(session['workspace_path']))).toBe(false);
  });

  it('should not count reads as activity: an owner polling GET still sees the session end', async () => {
    const session = await create();
    await eventually(async () => (await read(session['id'])).status === 404);

    expect(existsSync(dirname(session['workspace_path']))).toBe(false);
  });

  it('should keep a session busy with invocations and record them in last_activity_at', async () => {
    const session = await create();
    const busyUntil = Date.now() + 2 * IDLE_MS + 500;
    while (Date.now() < busyUntil) {
      expect((await invoke(session['id'])).status).toBe(200);
      await sleep(300);
      await t.app.get(SessionSweeper).sweepOnce();
    }

    const live = await read(session['id']);
    expect(live.status).toBe(200);
    expect(Date.parse(live.body.session.last_activity_at)).toBeGreaterThan(
      Date.parse(session['created_at']) + IDLE_MS,
    );
  });

  it('should count a renew as activity and keep the renewed expires_at', async () => {
    const session = await create();
    await sleep(IDLE_MS / 2);

    const renewed = await t.request('POST', `/v1/sessions/${session['id']}/renew`, {
      headers: OWNER,
      body: { ttl_seconds: 1200 },
    });
    expect(renewed.status).toBe(200);
    await sleep(IDLE_MS / 2 + 300);
    expect((await invoke(session['id'])).status).toBe(200);

    const live = await read(session['id']);
    expect(live.status).toBe(200);
    expect(live.body.session.expires_at).toBe(renewed.body.session.expires_at);
    expect(Date.parse(live.body.session.last_activity_at)).toBeGreaterThan(
      Date.parse(renewed.body.session.last_activity_at),
    );
  });

  it('should not let another principal keep a session alive: its reads, invokes and renews are refused and do not count', async () => {
    const session = await create();
    // Refused calls up to shortly before the deadline (after it even the stranger gets 404).
    const idleAt = Date.parse(session['created_at']) + IDLE_MS;
    while (Date.now() < idleAt - 1500) {
      expect((await read(session['id'], STRANGER)).status).toBe(403);
      expect((await invoke(session['id'], STRANGER)).status).toBe(403);
      expect(
        (
          await t.request('POST', `/v1/sessions/${session['id']}/renew`, {
            headers: STRANGER,
            body: {},
          })
        ).status,
      ).toBe(403);
      await sleep(100);
    }
    await sleep(Math.max(0, idleAt - Date.now()) + 200);

    await t.app.get(SessionSweeper).sweepOnce();

    expect((await read(session['id'])).status).toBe(404);
    expect(existsSync(dirname(session['workspace_path']))).toBe(false);
  });
});
