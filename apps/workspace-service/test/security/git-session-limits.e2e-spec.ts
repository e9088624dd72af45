import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';

import { jest } from '@jest/globals';

import { requireService } from '#app/testing';
import { startTestApp, type TestApp } from '../support/test-app.js';

const redisUp = await requireService('Redis', '127.0.0.1', 6379);
jest.setTimeout(60_000);

/** Finding 18 of issue 11: internal clone hosts, the clone deadline, the per-principal session cap. */
describe('repo_url hosts, clone deadline and session cap', () => {
  const principal = { tenant_id: 'acme', actor_id: 'agent', roles: ['developer'] };
  let t: TestApp;
  let silent: Server;
  let silentPort: number;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    // Accepts and never answers: a clone from it only ends by its deadline.
    silent = createServer((socket) => {
      sockets.push(socket);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentPort = (silent.address() as { port: number }).port;
    t = await startTestApp({
      WORKSPACE_SOURCE_REPO_ALLOWLIST: `git://127.0.0.1:${silentPort}/slow`,
      WORKSPACE_CLONE_TIMEOUT_SECONDS: '1',
      WORKSPACE_MAX_SESSIONS_PER_PRINCIPAL: '3',
      LOG_LEVEL: 'error',
    });
  });

  afterAll(async () => {
    await t.close();
    sockets.forEach((socket) => socket.destroy());
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it.each([
    'git://127.0.0.1:6379/x',
    'http://2130706433/r.git',
    'http://0x7f.1/r.git',
    'https://localhost/r.git',
    'http://[::ffff:127.0.0.1]/r.git',
    'http://169.254.169.254/r.git',
    'ssh://git@10.0.0.1/r.git',
    'git@192.168.0.1:team/r.git',
  ])('should refuse %s with 403 policy_denied before any clone', async (repoUrl) => {
    const response = await t.request('POST', '/v1/sessions', {
      body: { principal, repo_url: repoUrl },
    });
    expect(response.status).toBe(403);
    expect(response.body.error).toMatchObject({
      code: 'policy_denied',
      message: 'repo_url host not allowed',
    });
  });

  it('should stop an allowlisted clone that hangs at its own deadline with a timeout error', async () => {
    const response = await t.request('POST', '/v1/sessions', {
      body: {
        principal: { ...principal, actor_id: 'slow' },
        repo_url: `git://127.0.0.1:${silentPort}/slow/r.git`,
      },
    });
    expect(response.status).toBe(504);
    expect(response.body.error).toMatchObject({
      code: 'timeout',
      message: 'git clone timed out after 1s',
    });
  });

  it('should cap live sessions per tenant+actor, concurrent creates included', async () => {
    const who = { ...principal, actor_id: `cap-${randomUUID().slice(0, 8)}` };
    const responses = await Promise.all(
      Array.from({ length: 6 }, () =>
        t.request('POST', '/v1/sessions', { body: { principal: who } }),
      ),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([201, 201, 201, 403, 403, 403]);
    const refused = responses.find((response) => response.status === 403);
    expect(refused?.body.error).toMatchObject({
      code: 'quota_exceeded',
      message: 'session limit reached for this principal (3)',
    });
    // Another actor of the same tenant is counted apart; closing a session frees a slot.
    expect(
      (
        await t.request('POST', '/v1/sessions', {
          body: { principal: { ...who, actor_id: 'other' } },
        })
      ).status,
    ).toBe(201);
    const first = responses.find((response) => response.status === 201)?.body.session.id as string;
    expect(
      (await t.request('DELETE', `/v1/sessions/${first}`, { body: { principal: who } })).status,
    ).toBeLessThan(300);
    expect((await t.request('POST', '/v1/sessions', { body: { principal: who } })).status).toBe(
      201,
    );
  });

  (redisUp ? it : it.skip)(
    'should count sessions of every replica through the Valkey session store',
    async () => {
      const run = `wes-e2e-cap:${process.pid}:${randomUUID().slice(0, 8)}`;
      const env = {
        SESSION_STORE_BACKEND: 'valkey',
        VALKEY_ADDR: '127.0.0.1:6379',
        SESSION_STORE_KEY_PREFIX: `${run}:session`,
        WORKSPACE_MAX_SESSIONS_PER_PRINCIPAL: '2',
        LOG_LEVEL: 'error',
      };
      const a = await startTestApp(env);
      const b = await startTestApp(env);
      try {
        const who = { ...principal, actor_id: 'replicated' };
        expect((await a.request('POST', '/v1/sessions', { body: { principal: who } })).status).toBe(
          201,
        );
        expect((await b.request('POST', '/v1/sessions', { body: { principal: who } })).status).toBe(
          201,
        );
        const third = await a.request('POST', '/v1/sessions', { body: { principal: who } });
        expect(third.status).toBe(403);
        expect(third.body.error.code).toBe('quota_exceeded');
      } finally {
        await a.close();
        await b.close();
      }
    },
  );
});
