import { request as httpRequest } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RedisServerProcess } from '#app/testing';
import { connectSse, hasDone, type SseEvent } from '../support/sse-client.js';
import {
  call,
  PRINCIPAL,
  privateRedis,
  ServiceUnderTest,
  valkeyEnv,
} from './support/reliability-harness.js';
import { processesUnder, slowProject } from './support/processes.js';

const redis = await privateRedis();
const describeRedis = redis ? describe : describe.skip;

const TICKS = 8;

/** A node project whose `npm test` prints a line every 400 ms for a few seconds, then passes. */
function progressProject(root: string): string {
  const repo = join(root, 'seed');
  mkdirSync(repo, { recursive: true });
  writeFileSync(
    join(repo, 'package.json'),
    JSON.stringify({ name: 'progress', version: '1.0.0', scripts: { test: 'node progress.js' } }),
  );
  writeFileSync(
    join(repo, 'progress.js'),
    `let n = 0;\nconst timer = setInterval(() => {\n  n += 1;\n  console.log('tick ' + n);\n  if (n === ${TICKS}) clearInterval(timer);\n}, 400);\n`,
  );
  return repo;
}

interface Accepted {
  status: number;
  location: string | undefined;
}

/**
 * An async invoke whose client goes away as soon as the answer's head arrives: the socket is
 * destroyed before the body is read, so nothing of the request outlives it.
 */
function invokeAndLeave(port: number, path: string, body: object): Promise<Accepted> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
      },
      (response) => {
        const location = response.headers['location'];
        resolve({ status: response.statusCode ?? 0, location });
        response.destroy();
        request.destroy();
      },
    );
    request.on('error', reject);
    request.setTimeout(30_000, () => request.destroy(new Error('no answer within 30 s')));
    request.end(JSON.stringify(body));
  });
}

/** The `tick <n>` lines of the log events, whether each line is its own event or not. */
const ticks = (events: SseEvent[]): string[] =>
  events
    .filter((event) => event.event === 'log')
    .flatMap((event) => String(event.data.message).split('\n'))
    .filter((text) => /^tick \d+$/.test(text));

// Issue 14: an async invocation started on replica A, its client gone at once, runs to the end; its
// events travel through Valkey, so replica B serves the stream live and after a reconnect.
describeRedis('async invocation events across two replicas (private redis-server)', () => {
  let root: string;
  let seed: string;
  let slow: string;
  let a: ServiceUnderTest;
  let b: ServiceUnderTest;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'wes-replica-events-'));
    seed = progressProject(root);
    slow = slowProject(root, 'slow');
    const shared = {
      ...valkeyEnv((redis as RedisServerProcess).port, root, 'rel-events'),
      // The test runs as one user on loopback: the sandbox is not what is under test here.
      WORKSPACE_LOCAL_SANDBOX: 'off',
    };
    // One after the other: two cold starts at once on a loaded 2-core host can miss the bound.
    a = await ServiceUnderTest.start({ ...shared, WORKSPACE_REPLICA_ID: 'events-a' });
    b = await ServiceUnderTest.start({ ...shared, WORKSPACE_REPLICA_ID: 'events-b' });
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    for (const pid of processesUnder(root)) {
      process.kill(pid, 'SIGKILL');
    }
    await redis?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('should run an async invocation whose client left, its events served by the other replica and resumed there', async () => {
    const created = await call(a.port, 'POST', '/v1/sessions', {
      body: { principal: PRINCIPAL, source_repo_path: seed },
      timeoutMs: 30_000,
    });
    expect(created.status).toBe(201);
    const sessionId = created.body['session'].id as string;

    const accepted = await invokeAndLeave(
      a.port,
      `/v1/sessions/${sessionId}/tools/repo.run_tests/invoke`,
      { async: true, args: {} },
    );
    expect(accepted.status).toBe(202);
    expect(accepted.location).toMatch(/^\/v1\/invocations\/inv-[0-9a-f]{16}$/);
    const location = accepted.location as string;

    // Read from B, opened while the tests still run on A. The client takes the first event
    // (`status`, written when the tool started), leaves, and resumes after it. Until the program
    // runners report their lines through ctx.progress, repo.run_tests's output arrives as its
    // record's log lines just before `done`; the ticks are then counted inside those lines.
    const stream = await connectSse(`http://127.0.0.1:${b.port}${location}/events`);
    expect(stream.status).toBe(200);
    const received = await stream.waitFor((events) => events.length >= 1, 60_000);
    stream.close();
    const first = received.slice(0, 1);
    expect(first[0]?.event).toBe('status');
    const cursor = first[0]?.id as string;

    const resumed = await connectSse(`http://127.0.0.1:${b.port}${location}/events`, {
      lastEventId: cursor,
    });
    await resumed.waitFor(hasDone, 90_000);
    await resumed.ended;

    const all = [...first, ...resumed.events];
    const ids = all.map((event) => event.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ticks(all)).toEqual(Array.from({ length: TICKS }, (_, index) => `tick ${index + 1}`));
    const done = resumed.events.at(-1);
    expect(done?.event).toBe('done');
    expect(done?.data).toMatchObject({
      status: 'succeeded',
      async: true,
      tool_name: 'repo.run_tests',
    });

    const onA = await call(a.port, 'GET', location);
    const onB = await call(b.port, 'GET', location);
    expect(onA.body['invocation']).toMatchObject({ status: 'succeeded', async: true });
    expect(onB.body['invocation']).toEqual(onA.body['invocation']);
    expect(done?.data).toEqual(onB.body['invocation']);
  }, 180_000);

  // Last: it kills A. A stream read on B must not hang on the invocation of a dead replica: B
  // finishes it as lost (docs/STORES.md) and writes its `done`.
  it('should end the stream with the lost record when the replica running the invocation dies', async () => {
    const created = await call(a.port, 'POST', '/v1/sessions', {
      body: { principal: PRINCIPAL, source_repo_path: slow },
      timeoutMs: 30_000,
    });
    expect(created.status).toBe(201);
    const sessionId = created.body['session'].id as string;
    const accepted = await invokeAndLeave(
      a.port,
      `/v1/sessions/${sessionId}/tools/repo.run_tests/invoke`,
      { async: true, args: {} },
    );
    expect(accepted.status).toBe(202);
    const stream = await connectSse(`http://127.0.0.1:${b.port}${accepted.location}/events`);
    await stream.waitFor((events) => events.some((event) => event.event === 'status'), 60_000);

    await a.kill9();

    // Heartbeat TTL 15 s, sweep every 5 s: generous bound on a loaded host.
    const events = await stream.waitFor(hasDone, 90_000);
    expect(events.at(-1)?.data).toMatchObject({
      status: 'failed',
      async: true,
      error: {
        code: 'unavailable',
        message: 'invocation lost: replica events-a stopped',
        retryable: true,
      },
    });
    await stream.ended;
  }, 150_000);
});
