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
import { auditLinesFor, pollUntil, type Proc, processesWith } from './support/processes.js';
import { newMarker, project, treeRunning } from './support/setsid-project.js';

const CANCELLED = { code: 'cancelled', message: 'invocation cancelled', retryable: false };

/** The running record's id, read through a correlation replay once the program runs. */
async function runningId(port: number, sessionId: string, correlation: string): Promise<string> {
  const replay = await invoke(port, sessionId, 'repo.run_tests', { correlation_id: correlation });
  expect(replay.status).toBe(409);
  expect(replay.body['invocation']).toMatchObject({ status: 'running' });
  return replay.body['invocation'].id as string;
}

async function createSessionFrom(port: number, seed: string): Promise<string> {
  const created = await call(port, 'POST', '/v1/sessions', {
    body: { principal: PRINCIPAL, source_repo_path: seed },
  });
  expect(created.status).toBe(201);
  return created.body['session'].id as string;
}

const markers: string[] = [];
afterAll(() => {
  // Never leave sleepers behind, even when an assertion failed.
  for (const marker of markers) {
    processesWith(marker).forEach(({ pid }) => process.kill(pid, 'SIGKILL'));
  }
});

interface HeldRun {
  marker: string;
  /** The synchronous invoke's answer, once the run ends. */
  pending: Promise<HttpResult>;
  id: string;
}

/**
 * Starts `npm test` of a fresh never-ending project synchronously on `runPort` and returns once its
 * program tree runs, with the running record's id as `readPort` reads it.
 */
async function startHeldRun(
  root: string,
  runPort: number,
  readPort: number,
  correlation: string,
  what: string,
): Promise<HeldRun> {
  const marker = newMarker();
  markers.push(marker);
  const sessionId = await createSessionFrom(runPort, project(root, marker));
  const pending = invoke(
    runPort,
    sessionId,
    'repo.run_tests',
    { correlation_id: correlation },
    120_000,
  );
  await pollUntil(what, 60_000, () => treeRunning(marker));
  const id = await runningId(readPort, sessionId, correlation);
  return { marker, pending, id };
}

/** What is left of the tree once it had its time to go (SIGTERM, SIGKILL, namespace init). */
const treeLeft = (marker: string): Promise<Proc[]> =>
  pollUntil('no process of the tree left', 30_000, () =>
    processesWith(marker).length === 0 ? [] : undefined,
  ).catch(() => processesWith(marker));

// Issue 14 part 3: cancel kills the whole program tree (the sandbox's PID namespace takes `setsid`
// children with it) and ends the record `cancelled`; a client disconnect cancels nothing.
describe('cancel over a real process (built service, local runtime, bubblewrap sandbox)', () => {
  let root: string;
  let service: ServiceUnderTest;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'wes-cancel-'));
    service = await ServiceUnderTest.start({
      WORKSPACE_ROOT: join(root, 'workspaces'),
      ARTIFACT_ROOT: join(root, 'artifacts'),
      WORKSPACE_LOCAL_SANDBOX: 'required',
      LOG_LEVEL: 'error',
    });
  }, 60_000);

  afterAll(async () => {
    await service?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('should end the invocation cancelled and leave no process of it, setsid child included', async () => {
    const { marker, pending, id } = await startHeldRun(
      root,
      service.port,
      service.port,
      'cancel-me',
      'program tree running',
    );

    const cancel = await call(service.port, 'POST', `/v1/invocations/${id}/cancel`);
    expect(cancel.status).toBe(202);
    expect(cancel.body['invocation']).toMatchObject({ id, status: 'running' });

    const answer = await pending;
    expect(answer.status).toBe(409);
    expect(answer.body['error']).toEqual(CANCELLED);
    expect(answer.body['invocation']).toMatchObject({ id, status: 'cancelled', error: CANCELLED });
    const read = await call(service.port, 'GET', `/v1/invocations/${id}`);
    expect(read.body['invocation']).toMatchObject({ status: 'cancelled', error: CANCELLED });

    // SIGTERM, SIGKILL 2 s later, then the namespace's init goes: generous for a loaded host.
    expect(await treeLeft(marker)).toEqual([]);

    const again = await call(service.port, 'POST', `/v1/invocations/${id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.body['error']).toMatchObject({ code: 'conflict' });
  }, 120_000);

  it('should let a synchronous invoke whose client went away run to success', async () => {
    const marker = newMarker();
    markers.push(marker);
    const sessionId = await createSessionFrom(service.port, project(root, marker, 4));
    const client = new AbortController();
    const request = fetch(
      `http://127.0.0.1:${service.port}/v1/sessions/${sessionId}/tools/repo.run_tests/invoke`,
      {
        method: 'POST',
        body: JSON.stringify({ correlation_id: 'walk-away' }),
        signal: client.signal,
      },
    ).catch((error: unknown) => error);
    await pollUntil('program tree running', 60_000, () => treeRunning(marker));
    const id = await runningId(service.port, sessionId, 'walk-away');

    client.abort();
    expect(await request).toMatchObject({ name: 'AbortError' });
    expect(processesWith(marker).length).toBeGreaterThanOrEqual(1); // still running

    const finished = await pollUntil('record finished', 60_000, async () => {
      const read = await call(service.port, 'GET', `/v1/invocations/${id}`);
      return read.body['invocation']?.status === 'running' ? undefined : read;
    });
    expect(finished.body['invocation']).toMatchObject({ id, status: 'succeeded' });
    expect(finished.body['invocation']).not.toHaveProperty('error');
    expect(auditLinesFor(service.output(), id)).toEqual([
      expect.objectContaining({ status: 'succeeded' }),
    ]);
  }, 120_000);
});

const redis = await privateRedis();
const describeRedis = redis ? describe : describe.skip;

describeRedis('cancel across two replicas sharing Valkey (private redis-server)', () => {
  let root: string;
  let a: ServiceUnderTest;
  let b: ServiceUnderTest;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'wes-cancel-replicas-'));
    const env = {
      ...valkeyEnv((redis as RedisServerProcess).port, root, 'rel-cancel'),
      WORKSPACE_LOCAL_SANDBOX: 'required',
    };
    [a, b] = await Promise.all([
      ServiceUnderTest.start({ ...env, WORKSPACE_REPLICA_ID: 'replica-a' }),
      ServiceUnderTest.start({ ...env, WORKSPACE_REPLICA_ID: 'replica-b' }),
    ]);
  }, 90_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('should cancel on A an invocation held by a synchronous caller on A, from B', async () => {
    const { marker, pending, id } = await startHeldRun(
      root,
      a.port,
      b.port,
      'across',
      'program tree running on A',
    );

    const cancel = await call(b.port, 'POST', `/v1/invocations/${id}/cancel`);
    expect(cancel.status).toBe(202);
    expect(cancel.body['invocation']).toMatchObject({ id, status: 'running' });

    const answer = await pending;
    expect(answer.status).toBe(409);
    expect(answer.body['error']).toEqual(CANCELLED);
    expect(answer.body['invocation']).toMatchObject({ id, status: 'cancelled' });
    const readOnB = await call(b.port, 'GET', `/v1/invocations/${id}`);
    expect(readOnB.body['invocation']).toMatchObject({ status: 'cancelled', error: CANCELLED });
    // A ran it and finished it: its audit line, none from B.
    expect(auditLinesFor(a.output(), id)).toEqual([
      expect.objectContaining({ status: 'cancelled', error_code: 'cancelled' }),
    ]);
    expect(auditLinesFor(b.output(), id)).toEqual([]);

    expect(await treeLeft(marker)).toEqual([]);

    const late = await call(a.port, 'POST', `/v1/invocations/${id}/cancel`);
    expect(late.status).toBe(409);
  }, 120_000);

  it('should answer 409 conflict on either replica for a finished invocation', async () => {
    const sessionId = await createSessionFrom(a.port, project(root, newMarker(), 0));
    const done = await invoke(a.port, sessionId, 'fs.list', {});
    expect(done.status).toBe(200);
    for (const port of [a.port, b.port]) {
      const refused = await call(
        port,
        'POST',
        `/v1/invocations/${done.body['invocation'].id}/cancel`,
      );
      expect(refused.status).toBe(409);
      expect(refused.body).toEqual({
        error: { code: 'conflict', message: 'invocation is not running', retryable: false },
      });
    }
  }, 60_000);

  it('should end an invocation whose cancel message was missed, from the kept cancel, within a tick', async () => {
    const { marker, pending, id } = await startHeldRun(
      root,
      a.port,
      b.port,
      'missed',
      'program tree running on A',
    );

    // What a replica sees when its subscriber was down as the message went out: only the key.
    const valkey = await ValkeyConnection.open({
      host: '127.0.0.1',
      port: (redis as RedisServerProcess).port,
      db: 0,
    });
    try {
      await valkey.client.set(`rel-cancel:invocation:cancel:${id}`, '1', 'EX', 60);
    } finally {
      await valkey.close();
    }

    const answer = await pending; // A's 5 s tick finds it
    expect(answer.status).toBe(409);
    expect(answer.body['error']).toEqual(CANCELLED);
    expect(await treeLeft(marker)).toEqual([]);
  }, 120_000);

  // Last: it kills A.
  it('should settle a cancel for a stopped replica: the record is finished as lost, then 409', async () => {
    const { marker, pending, id } = await startHeldRun(
      root,
      a.port,
      b.port,
      'orphan',
      'program tree running on A',
    );

    await a.kill9();
    expect((await pending).status).toBe(0);
    // Until A's heartbeat (15 s) is gone the record still reads running and a cancel is only sent;
    // then the lookup finishes it as lost and the cancel has nothing left to end.
    const settled = await pollUntil('cancel answered 409', 45_000, async () => {
      const answer = await call(b.port, 'POST', `/v1/invocations/${id}/cancel`);
      expect([202, 409]).toContain(answer.status);
      return answer.status === 409 ? answer : undefined;
    });
    expect(settled.body['error']).toMatchObject({ code: 'conflict' });
    const read = await call(b.port, 'GET', `/v1/invocations/${id}`);
    expect(read.body['invocation']).toMatchObject({
      status: 'failed',
      error: { code: 'unavailable', message: 'invocation lost: replica replica-a stopped' },
    });
    // The sandbox dies with its service: nothing of the tree outlives A.
    expect(await treeLeft(marker)).toEqual([]);
  }, 150_000);
});
