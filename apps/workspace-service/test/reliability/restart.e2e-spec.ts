import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RedisServerProcess } from '#app/testing';
import {
  call,
  createSession,
  type HttpResult,
  invoke,
  PRINCIPAL,
  privateRedis,
  ServiceUnderTest,
  sleep,
  valkeyEnv,
} from './support/reliability-harness.js';

const redis = await privateRedis();
const describeRedis = redis ? describe : describe.skip;

/** A one-commit git repository to seed sessions with, so `git.status` runs and writes logs. */
function gitFixture(root: string): string {
  const repo = join(root, 'seed');
  mkdirSync(repo, { recursive: true });
  writeFileSync(join(repo, 'README.md'), 'seed\n');
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: repo,
      env: { PATH: process.env['PATH'] ?? '', HOME: root, GIT_CONFIG_NOSYSTEM: '1' },
    });
  git('init', '-q', '-b', 'main');
  git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'add', '.');
  git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-q', '-m', 'seed');
  return repo;
}

// Issue #3 (restart) and #8.3 (kill -9 under load): with Valkey stores nothing acknowledged is lost
// when the process dies without a shutdown, and the same replica comes back with everything.
describeRedis('restart with Valkey stores (private redis-server)', () => {
  let root: string;
  let seed: string;
  let service: ServiceUnderTest;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'wes-restart-'));
    seed = gitFixture(root);
    service = await ServiceUnderTest.start(
      valkeyEnv((redis as RedisServerProcess).port, root, 'rel-restart'),
    );
  }, 90_000);

  afterAll(async () => {
    await service?.stop();
    await redis?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('should find the session and hydrated invocations after kill -9 and a restart, and keep the session usable', async () => {
    const sessionId = await createSession(service.port, PRINCIPAL);
    const written = await invoke(service.port, sessionId, 'fs.write_file', {
      approved: true,
      args: { path: 'notes/a.txt', content: 'hola' },
    });
    const read = await invoke(service.port, sessionId, 'fs.read_file', {
      args: { path: 'notes/a.txt' },
    });
    expect([written.status, read.status]).toEqual([200, 200]);
    const session = (await call(service.port, 'GET', `/v1/sessions/${sessionId}`)).body['session'];

    const pid = service.pid;
    await service.kill9();
    await service.restart();
    expect(service.pid).not.toBe(pid);

    const again = await call(service.port, 'GET', `/v1/sessions/${sessionId}`);
    expect(again.status).toBe(200);
    expect(again.body['session']).toEqual(session);
    const writeRecord = await call(
      service.port,
      'GET',
      `/v1/invocations/${written.body['invocation'].id}`,
    );
    expect(writeRecord.status).toBe(200);
    expect(writeRecord.body['invocation']).toEqual(written.body['invocation']);
    const readRecord = await call(
      service.port,
      'GET',
      `/v1/invocations/${read.body['invocation'].id}`,
    );
    expect(readRecord.body['invocation']).toEqual(read.body['invocation']);
    expect(readRecord.body['invocation'].output.content).toBe('hola');

    const readAfter = await invoke(service.port, sessionId, 'fs.read_file', {
      args: { path: 'notes/a.txt' },
    });
    expect(readAfter.status).toBe(200);
    expect(readAfter.body['invocation'].output.content).toBe('hola');
    const writeAfter = await invoke(service.port, sessionId, 'fs.write_file', {
      approved: true,
      args: { path: 'notes/b.txt', content: 'adios' },
    });
    expect(writeAfter.status).toBe(200);
    expect((await call(service.port, 'GET', `/v1/sessions/${sessionId}/tools`)).status).toBe(200);
  }, 100_000);

  it('should keep every invocation acknowledged with 200 readable, with output and logs, when kill -9 lands under load', async () => {
    const sessionId = (
      await call(service.port, 'POST', '/v1/sessions', {
        body: { principal: PRINCIPAL, source_repo_path: seed },
      })
    ).body['session'].id as string;
    const acknowledged: HttpResult[] = [];
    const answers = new Map<number, number>();
    let stop = false;
    // Four clients alternate a write (output) and git.status (output and stdout logs).
    const client = async (worker: number): Promise<void> => {
      for (let i = 0; !stop; i++) {
        const response =
          i % 2 === 0
            ? await invoke(
                service.port,
                sessionId,
                'fs.write_file',
                {
                  approved: true,
                  args: { path: `load/${worker}-${i}.txt`, content: `${worker}:${i}` },
                },
                5000,
              )
            : await invoke(service.port, sessionId, 'git.status', { args: {} }, 5000);
        answers.set(response.status, (answers.get(response.status) ?? 0) + 1);
        if (response.status === 200) {
          acknowledged.push(response);
        }
        if (response.status === 0) {
          return;
        }
      }
    };
    const clients = [0, 1, 2, 3].map((worker) => client(worker));
    // Kill under load once enough has been acknowledged, however slow the host is today.
    for (let waited = 0; acknowledged.length <= 10 && waited < 60_000; waited += 100) {
      await sleep(100);
    }
    await service.kill9();
    stop = true;
    await Promise.all(clients);
    await service.restart();

    // Only 200 (acknowledged) or a dropped connection (status 0) are possible around a kill -9.
    expect([...answers.keys()].every((status) => status === 200 || status === 0)).toBe(true);
    expect(acknowledged.length).toBeGreaterThan(10);
    expect(
      acknowledged.some((response) => response.body['invocation'].tool_name === 'git.status'),
    ).toBe(true);
    for (const response of acknowledged) {
      const acked = response.body['invocation'];
      const stored = await call(service.port, 'GET', `/v1/invocations/${acked.id}`);
      expect(stored.status).toBe(200);
      expect(stored.body['invocation']).toEqual(acked);
      expect(stored.body['invocation'].output).toBeDefined();
      if (acked.tool_name === 'git.status') {
        expect(stored.body['invocation'].logs.length).toBeGreaterThan(0);
        expect(
          (await call(service.port, 'GET', `/v1/invocations/${acked.id}/logs`)).body['logs'],
        ).toEqual(acked.logs);
      }
    }
  }, 120_000);
});
