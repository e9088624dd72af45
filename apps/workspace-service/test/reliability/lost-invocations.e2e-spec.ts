import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValkeyConnection } from '#app/stores';
import type { RedisServerProcess } from '#app/testing';
import {
  call,
  type HttpResult,
  invoke,
  PRINCIPAL,
  privateRedis,
  ServiceUnderTest,
  valkeyEnv,
} from './support/reliability-harness.js';
import {
  auditLinesFor,
  pollUntil as pollEvery,
  processesUnder,
  slowProject,
} from './support/processes.js';

/** Polls every 250 ms: the records change on the replicas' heartbeat and sweep ticks. */
const pollUntil = <T>(what: string, boundMs: number, probe: () => Promise<T | undefined>) =>
  pollEvery(what, boundMs, probe, 250);

const redis = await privateRedis();
const describeRedis = redis ? describe : describe.skip;

const PREFIX = 'rel-lost';
const LOST_ERROR = {
  code: 'unavailable',
  message: 'invocation lost: replica replica-a stopped',
  retryable: true,
};

// Issue 13, deliverable 3: a replica killed mid-invocation does not leave its record `running` until
// the TTL; another replica finishes it once as failed/unavailable (docs/STORES.md, "Lost invocations").
describeRedis(
  'lost invocations: two replicas on one Valkey, one killed (private redis-server)',
  () => {
    let root: string;
    let seed: string;
    let a: ServiceUnderTest;
    let b: ServiceUnderTest;
    let valkey: ValkeyConnection;

    beforeAll(async () => {
      root = mkdtempSync(join(tmpdir(), 'wes-lost-'));
      seed = slowProject(root, 'seed');
      const port = (redis as RedisServerProcess).port;
      // The test runs as one user on loopback: the sandbox is not what is under test here.
      const env = { ...valkeyEnv(port, root, PREFIX), WORKSPACE_LOCAL_SANDBOX: 'off' };
      [a, b] = await Promise.all([
        ServiceUnderTest.start({ ...env, WORKSPACE_REPLICA_ID: 'replica-a' }),
        ServiceUnderTest.start({ ...env, WORKSPACE_REPLICA_ID: 'replica-b' }),
      ]);
      valkey = await ValkeyConnection.open({ host: '127.0.0.1', port, db: 0 });
    }, 30_000);

    afterAll(async () => {
      await valkey?.close();
      await Promise.all([a?.stop(), b?.stop()]);
      for (const pid of processesUnder(root)) {
        process.kill(pid, 'SIGKILL');
      }
      await redis?.stop();
      rmSync(root, { recursive: true, force: true });
    });

    it('should finish the running records of a killed replica once, as failed/unavailable, from the other replica', async () => {
      const created = await call(a.port, 'POST', '/v1/sessions', {
        body: { principal: PRINCIPAL, source_repo_path: seed },
      });
      expect(created.status).toBe(201);
      const sessionId = created.body['session'].id as string;
      // Two long invocations on A: `read` is then read through B's API, `swept` only by the sweep.
      const started = ['read', 'swept'].map((correlation) =>
        invoke(a.port, sessionId, 'repo.run_tests', { correlation_id: correlation }, 120_000),
      );
      const replayOnB = (correlation: string): Promise<HttpResult> =>
        invoke(b.port, sessionId, 'repo.run_tests', { correlation_id: correlation });
      const runningIds: Record<string, string> = {};
      for (const correlation of ['read', 'swept']) {
        // Replayed only once A holds the correlation key, so B never runs a twin of its own.
        const corrKey = `${PREFIX}:invocation:corr:${sessionId}:repo.run_tests:${correlation}`;
        const owner = await pollUntil(`${correlation} claimed on A`, 20_000, async () => {
          return (await valkey.client.get(corrKey)) ?? undefined;
        });
        const replay = await replayOnB(correlation);
        expect(replay.status).toBe(409);
        expect(replay.body['invocation']).toMatchObject({ id: owner, status: 'running' });
        runningIds[correlation] = owner;
      }
      const readId = runningIds['read'];
      const sweptId = runningIds['swept'];
      expect(await valkey.client.hgetall(`${PREFIX}:invocation:running`)).toEqual({
        [readId]: 'replica-a',
        [sweptId]: 'replica-a',
      });

      await a.kill9();
      const [first, second] = await Promise.all(started);
      expect([first?.status, second?.status]).toEqual([0, 0]); // connections dropped, no answer

      // Sweep: without any read, B finishes the record once A's heartbeat (15 s) is gone; the
      // operator's promise is "within 30 s of the kill" (heartbeat TTL + one 5 s sweep period + slack).
      const swept = await pollUntil('swept record finished by the sweep', 30_000, async () => {
        const raw = await valkey.client.get(`${PREFIX}:invocation:${sweptId}`);
        const stored = raw === null ? undefined : (JSON.parse(raw) as Record<string, unknown>);
        return stored?.['status'] === 'running' ? undefined : stored;
      });
      expect(swept).toMatchObject({ status: 'failed', error: LOST_ERROR });

      // Read: B answers the failed record (finished on this read or by the same sweep).
      const read = await pollUntil('read record failed on B', 45_000, async () => {
        const answer = await call(b.port, 'GET', `/v1/invocations/${readId}`);
        return answer.body['invocation']?.status === 'running' ? undefined : answer;
      });
      expect(read.status).toBe(200);
      expect(read.body['invocation']).toMatchObject({
        id: readId,
        session_id: sessionId,
        tool_name: 'repo.run_tests',
        correlation_id: 'read',
        status: 'failed',
        error: LOST_ERROR,
      });
      expect(read.body['invocation']).not.toHaveProperty('replica_id');

      // A correlation replay returns that failed record.
      const replay = await replayOnB('read');
      expect(replay.status).toBe(503);
      expect(replay.body['error']).toEqual(LOST_ERROR);
      expect(replay.body['invocation']).toEqual(read.body['invocation']);

      // Exactly one terminal record each, out of the running index; one audit line each, from B.
      expect(await valkey.client.hlen(`${PREFIX}:invocation:running`)).toBe(0);
      const again = await call(b.port, 'GET', `/v1/invocations/${readId}`);
      expect(again.body['invocation']).toEqual(read.body['invocation']);
      for (const id of [readId, sweptId]) {
        const lines = auditLinesFor(b.output(), id);
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatchObject({
          status: 'failed',
          error_code: 'unavailable',
          tool: 'repo.run_tests',
          tenant_id: PRINCIPAL.tenant_id,
          actor_id: PRINCIPAL.actor_id,
        });
        expect(auditLinesFor(a.output(), id)).toEqual([]);
      }
      const metrics = await call(b.port, 'GET', '/metrics');
      expect(metrics.text).toContain('workspace_invocations_lost_total{tool="repo.run_tests"} 2');
    }, 120_000);

    it('should finish what it left running when the killed replica comes back with the same id', async () => {
      await a.restart(); // the first test killed it
      const created = await call(a.port, 'POST', '/v1/sessions', {
        body: { principal: PRINCIPAL, source_repo_path: seed },
      });
      const sessionId = created.body['session'].id as string;
      const started = invoke(
        a.port,
        sessionId,
        'repo.run_tests',
        { correlation_id: 'restart' },
        120_000,
      );
      const corrKey = `${PREFIX}:invocation:corr:${sessionId}:repo.run_tests:restart`;
      const id = await pollUntil('claimed on A', 20_000, async () => {
        return (await valkey.client.get(corrKey)) ?? undefined;
      });

      await a.kill9();
      await started;
      await a.restart(); // same WORKSPACE_REPLICA_ID, while its old heartbeat may still be alive

      const read = await pollUntil('record failed after the restart', 45_000, async () => {
        const answer = await call(a.port, 'GET', `/v1/invocations/${id}`);
        return answer.body['invocation']?.status === 'running' ? undefined : answer;
      });
      expect(read.body['invocation']).toMatchObject({ status: 'failed', error: LOST_ERROR });
      // Finished once: by the restarted A at startup or by B's sweep, whichever came first.
      const lines = [...auditLinesFor(a.output(), id), ...auditLinesFor(b.output(), id)];
      expect(lines).toHaveLength(1);
      expect(await valkey.client.hlen(`${PREFIX}:invocation:running`)).toBe(0);
    }, 120_000);
  },
);
