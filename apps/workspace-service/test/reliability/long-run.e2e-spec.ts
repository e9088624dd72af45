import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValkeyConnection } from '#app/stores';
import { requireService } from '#app/testing';
import { type CuttingProxy, startCuttingProxy } from '../support/cutting-proxy.js';
import { connectSse, hasDone, type SseEvent } from '../support/sse-client.js';
import { call, type HttpResult, ServiceUnderTest, sleep } from './support/reliability-harness.js';
import { pollUntil, processesWith } from './support/processes.js';

// Issue 14, "done when": an orchestrator starts a long test run, watches its output live through a
// gateway that cuts every request at 60 s, keeps the session alive while it works, forks it, and
// stops a second run — against the built service, bubblewrap sandbox on, trusted headers: memory
// stores, Valkey stores, and two Valkey replicas behind a round-robin gateway.
//
// Scale: the gateway cuts at GATEWAY_CUT_MS = 3 s instead of 60 s, the idle timeout is 3 s instead
// of minutes, and the "ten-minute" run is held open by the test (a gate file) for several cuts and
// idle timeouts, then ends: a few tens of seconds in all.
const GATEWAY_CUT_MS = 3_000;
const IDLE_SECONDS = 3;
/** How long the run goes on with nothing but the stream and reads: well past the idle timeout. */
const QUIET_MS = 3 * IDLE_SECONDS * 1000;

const bwrapUsable = (() => {
  try {
    execFileSync('bwrap', ['--ro-bind', '/', '/', '--unshare-all', '--', 'true'], {
      stdio: 'ignore',
    });
    return true;
  } catch {
    return false;
  }
})();
if (!bwrapUsable) {
  if (process.env['CI'] === 'true') {
    throw new Error('bwrap cannot create namespaces here; CI=true requires the sandbox');
  }
  console.warn(
    '\n!!! SKIPPING TESTS: long run — bwrap (bubblewrap) cannot create namespaces on this host !!!\n',
  );
}
const redisUp = bwrapUsable && (await requireService('Redis', '127.0.0.1', 6379));

const TOKEN = `long-run-${randomUUID()}`;
const AUTH = { 'X-Workspace-Auth-Token': TOKEN, 'X-Workspace-Tenant-Id': 'acme' };
const ALICE = { ...AUTH, 'X-Workspace-Actor-Id': 'alice', 'X-Workspace-Roles': 'developer' };
const EVE = { ...AUTH, 'X-Workspace-Actor-Id': 'eve', 'X-Workspace-Roles': 'developer' };

/** A number only this run's programs carry on their command line. */
const newMarker = (): string => String(parseInt(randomBytes(4).toString('hex'), 16));

/**
 * The fixture project: `npm test` runs `long-test.js`, which prints `step N` every 300 ms. By
 * default it passes once it printed 3 steps and the file `gate` exists in the workspace (or after
 * 400 steps, so a lost test cannot hang it for ever). With target `hang` it never passes: it starts
 * a `setsid` child (`detached`: its own session, which a process-group kill would miss), writes its
 * pid (as seen in the sandbox's PID namespace) to `test.pid`, and prints steps until stopped. Every
 * process of it carries `marker` on its command line.
 */
function fixtureProject(root: string, marker: string): string {
  const repo = join(root, `project-${marker}`);
  mkdirSync(repo, { recursive: true });
  writeFileSync(
    join(repo, 'package.json'),
    JSON.stringify({
      name: 'long-run',
      version: '1.0.0',
      scripts: { test: `node long-test.js ${marker}` },
    }),
  );
  writeFileSync(
    join(repo, 'long-test.js'),
    [
      "const { existsSync, writeFileSync } = require('node:fs');",
      "const { spawn } = require('node:child_process');",
      'const [marker, mode] = process.argv.slice(2);',
      "if (mode === 'hang') {",
      "  spawn('sleep', [`300.${marker}`], { detached: true, stdio: 'ignore' }).unref();",
      "  writeFileSync('test.pid', String(process.pid));",
      '}',
      'let step = 0;',
      'const tick = () => {',
      '  step++;',
      '  console.log(`step ${step}`);',
      "  if (mode !== 'hang' && ((step >= 3 && existsSync('gate')) || step >= 400)) {",
      "    console.log('all steps passed');",
      '    return;',
      '  }',
      '  setTimeout(tick, 300);',
      '};',
      'tick();',
      '',
    ].join('\n'),
  );
  return repo;
}

/** `a` before `b` for two event ids `<ms>-<seq>`. */
function idBefore(a: string, b: string): boolean {
  const [aMs = 0n, aSeq = 0n] = a.split('-').map(BigInt);
  const [bMs = 0n, bSeq = 0n] = b.split('-').map(BigInt);
  return aMs < bMs || (aMs === bMs && aSeq < bSeq);
}

const stepLines = (events: SseEvent[]): string[] =>
  events
    .filter((event) => event.event === 'log' && /^step \d+$/.test(String(event.data.message)))
    .map((event) => event.data.message as string);

/**
 * What an orchestrator behind the gateway does: read the event stream, and each time the gateway
 * cuts it, reconnect with the last id received (`Last-Event-ID`), until `done`. Every event of
 * every connection is kept, in order, with the number of connections it took.
 */
class ResumingReader {
  readonly events: SseEvent[] = [];
  connections = 0;
  /** A `step` line received while GET /v1/invocations/{id} still answered `running`. */
  stepSeenWhileRunning = false;
  readonly finished: Promise<SseEvent>;

  constructor(
    private readonly proxy: CuttingProxy,
    private readonly invocationId: string,
  ) {
    this.finished = this.run();
  }

  private async run(): Promise<SseEvent> {
    const deadline = Date.now() + 180_000;
    while (Date.now() < deadline) {
      const last = this.events[this.events.length - 1];
      const stream = await connectSse(
        `http://127.0.0.1:${this.proxy.port}/v1/invocations/${this.invocationId}/events`,
        { headers: ALICE, ...(last?.id !== undefined ? { lastEventId: last.id } : {}) },
      );
      this.connections++;
      expect(stream.status).toBe(200);
      let ended = false;
      void stream.ended.then(() => (ended = true));
      let kept = 0;
      const keep = async (): Promise<void> => {
        for (; kept < stream.events.length; kept++) {
          const event = stream.events[kept];
          this.events.push(event);
          if (!this.stepSeenWhileRunning && stepLines([event]).length > 0) {
            // Asked after the line arrived: running now means it arrived before `done`.
            const read = await call(
              this.proxy.port,
              'GET',
              `/v1/invocations/${this.invocationId}`,
              {
                headers: ALICE,
              },
            );
            this.stepSeenWhileRunning = read.body['invocation']?.status === 'running';
          }
        }
      };
      // Until the gateway cuts the stream (or the service ends it after `done`).
      while (!ended && !hasDone(stream.events)) {
        await keep();
        await sleep(50);
      }
      await keep();
      stream.close();
      const done = this.events.find((event) => event.event === 'done');
      if (done) {
        return done;
      }
    }
    throw new Error(`no done event within 180 s: ${JSON.stringify(this.events)}`);
  }
}

// With two replicas they share Valkey and one WORKSPACE_ROOT (and ARTIFACT_ROOT) volume, so any
// replica serves every route (API.md 8.3 placement), and the gateway alternates between them.
describe.each([
  { store: 'memory', replicas: 1, enabled: bwrapUsable },
  { store: 'valkey', replicas: 1, enabled: redisUp },
  { store: 'valkey', replicas: 2, enabled: redisUp },
])(
  'a long test run through a gateway that cuts requests ($store stores, $replicas replica(s))',
  ({ store, replicas, enabled }) => {
    const maybe = enabled ? it : it.skip;
    const prefix = `wes-long-run:${process.pid}:${randomUUID().slice(0, 8)}`;
    const markers: string[] = [];
    let root: string;
    let projects: string;
    let services: ServiceUnderTest[] = [];
    let gateway: CuttingProxy;

    /** Every call of the orchestrator goes through the gateway. */
    const through = (
      method: string,
      path: string,
      body?: unknown,
      headers = ALICE,
    ): Promise<HttpResult> =>
      call(gateway.port, method, path, { headers, ...(body === undefined ? {} : { body }) });
    const invoke = (sessionId: string, tool: string, body: object): Promise<HttpResult> =>
      through('POST', `/v1/sessions/${sessionId}/tools/${tool}/invoke`, body);

    beforeAll(async () => {
      if (!enabled) {
        return;
      }
      root = mkdtempSync(join(tmpdir(), `wes-long-run-${store}-`));
      projects = join(root, 'projects');
      mkdirSync(projects);
      const stores: Record<string, string> =
        store === 'valkey'
          ? {
              INVOCATION_STORE_BACKEND: 'valkey',
              SESSION_STORE_BACKEND: 'valkey',
              VALKEY_ADDR: '127.0.0.1:6379',
              INVOCATION_STORE_KEY_PREFIX: `${prefix}:invocation`,
              SESSION_STORE_KEY_PREFIX: `${prefix}:session`,
            }
          : {};
      const env = {
        WORKSPACE_ROOT: join(root, 'workspaces'),
        ARTIFACT_ROOT: join(root, 'artifacts'),
        WORKSPACE_LOCAL_SANDBOX: 'required',
        WORKSPACE_AUTH_MODE: 'trusted_headers',
        WORKSPACE_AUTH_SHARED_TOKEN: TOKEN,
        WORKSPACE_SOURCE_REPO_ALLOWLIST: projects,
        WORKSPACE_SESSION_IDLE_TIMEOUT_SECONDS: String(IDLE_SECONDS),
        WORKSPACE_SESSION_SWEEP_INTERVAL_SECONDS: '1',
        LOG_LEVEL: 'error',
        ...stores,
      };
      services = await Promise.all(
        Array.from({ length: replicas }, (_, index) =>
          ServiceUnderTest.start({ ...env, WORKSPACE_REPLICA_ID: `replica-${index}` }),
        ),
      );
      gateway = await startCuttingProxy(
        services.map((service) => service.port),
        GATEWAY_CUT_MS,
      );
    }, 90_000);

    afterAll(async () => {
      // Never leave sleepers behind, even when an assertion failed.
      for (const marker of markers) {
        processesWith(marker).forEach(({ pid }) => process.kill(pid, 'SIGKILL'));
      }
      await gateway?.close();
      await Promise.all(services.map((service) => service.stop()));
      if (store === 'valkey' && enabled) {
        const valkey = await ValkeyConnection.open({ host: '127.0.0.1', port: 6379, db: 0 });
        try {
          const keys = await valkey.client.keys(`${prefix}*`);
          if (keys.length > 0) {
            await valkey.client.del(...keys);
          }
        } finally {
          await valkey.close();
        }
      }
      if (root) {
        rmSync(root, { recursive: true, force: true });
      }
    });

    async function createSession(seed: string): Promise<HttpResult['body']> {
      const created = await through('POST', '/v1/sessions', {
        source_repo_path: seed,
        expires_in_seconds: 600,
      });
      expect(created.status).toBe(201);
      return created.body['session'] as HttpResult['body'];
    }

    async function startAsync(sessionId: string, args: object): Promise<string> {
      const started = await invoke(sessionId, 'repo.run_tests', { async: true, args });
      expect(started.status).toBe(202);
      expect(started.body['invocation']).toMatchObject({ status: 'running', async: true });
      const id = started.body['invocation'].id as string;
      expect(started.text).toContain(id);
      return id;
    }

    maybe(
      'should stream a long run live across gateway cuts, keep its session alive, fork it mid-run, then finish',
      async () => {
        const marker = newMarker();
        markers.push(marker);
        const session = await createSession(fixtureProject(projects, marker));
        const sessionId = session['id'] as string;

        const id = await startAsync(sessionId, {});
        const reader = new ResumingReader(gateway, id);
        await pollUntil('a step line seen while running', 60_000, () =>
          reader.stepSeenWhileRunning ? true : undefined,
        );

        // Another principal of the tenant reaches neither the stream nor the run through the gateway.
        const foreign = await connectSse(
          `http://127.0.0.1:${gateway.port}/v1/invocations/${id}/events`,
          {
            headers: EVE,
          },
        );
        await foreign.ended;
        expect(foreign.status).toBe(403);
        expect((await through('POST', `/v1/invocations/${id}/cancel`, undefined, EVE)).status).toBe(
          403,
        );

        // Renew while it runs: expires_at moves.
        const renewed = await through('POST', `/v1/sessions/${sessionId}/renew`, {
          ttl_seconds: 1200,
        });
        expect(renewed.status).toBe(200);
        expect(Date.parse(renewed.body['session'].expires_at as string)).toBeGreaterThan(
          Date.parse(session['expires_at'] as string),
        );

        // Fork mid-run: the copy has the project; the two workspaces then diverge both ways.
        const forked = await through('POST', `/v1/sessions/${sessionId}/fork`, {
          metadata: { purpose: 'try-a-fix' },
        });
        expect(forked.status).toBe(201);
        const fork = forked.body['session'] as HttpResult['body'];
        expect(fork['forked_from']).toBe(sessionId);
        const copied = await invoke(fork['id'] as string, 'fs.read_file', {
          args: { path: 'long-test.js' },
        });
        expect(copied.status).toBe(200);
        expect(copied.body['invocation'].output.content).toContain('step');
        const written = await invoke(fork['id'] as string, 'fs.write_file', {
          approved: true,
          args: { path: 'fix.txt', content: 'only in the fork' },
        });
        expect(written.status).toBe(200);
        expect(existsSync(join(fork['workspace_path'] as string, 'fix.txt'))).toBe(true);
        expect(existsSync(join(session['workspace_path'] as string, 'fix.txt'))).toBe(false);
        expect(
          (await invoke(sessionId, 'fs.read_file', { args: { path: 'fix.txt' } })).status,
        ).toBe(404);

        // Only the run and the stream for several idle timeouts: the session must stay.
        const quietUntil = Date.now() + QUIET_MS;
        while (Date.now() < quietUntil) {
          expect(existsSync(session['workspace_path'] as string)).toBe(true);
          await sleep(250);
        }
        const running = await through('GET', `/v1/invocations/${id}`);
        expect(running.body['invocation'].status).toBe('running');
        const alive = await through('GET', `/v1/sessions/${sessionId}`);
        expect(alive.status).toBe(200);
        // The control: the fork, left alone as long, was closed as idle.
        expect((await through('GET', `/v1/sessions/${fork['id'] as string}`)).status).toBe(404);
        expect(existsSync(fork['workspace_path'] as string)).toBe(false);

        // The gate ends the run; the reader follows it to `done`.
        const gate = await invoke(sessionId, 'fs.write_file', {
          approved: true,
          args: { path: 'gate', content: 'go' },
        });
        expect(gate.status).toBe(200);
        const done = await reader.finished;

        const final = await through('GET', `/v1/invocations/${id}`);
        expect(final.status).toBe(200);
        expect(done.data).toEqual(final.body['invocation']);
        expect(final.body['invocation']).toMatchObject({ id, status: 'succeeded' });

        // The gateway really cut the stream, several times, and every cut was resumed.
        expect(reader.connections).toBeGreaterThanOrEqual(3);
        // With two replicas the resumed streams alternated between them.
        expect(new Set(gateway.routed(`/v1/invocations/${id}/events`)).size).toBe(replicas);
        expect(gateway.cuts()).toBeGreaterThanOrEqual(reader.connections - 1);
        const ids = reader.events.map((event) => event.id as string);
        expect(new Set(ids).size).toBe(ids.length);
        ids.slice(1).forEach((eventId, index) => expect(idBefore(ids[index], eventId)).toBe(true));
        const steps = stepLines(reader.events);
        expect(steps.length).toBeGreaterThanOrEqual(3);
        expect(steps).toEqual(steps.map((_, index) => `step ${index + 1}`)); // none twice, none lost
        const logs = reader.events.filter((event) => event.event === 'log');
        expect(logs.map((event) => event.data.message)).toContain('all steps passed');
        expect(reader.events[0]).toMatchObject({ event: 'status', data: { status: 'running' } });
        expect(reader.events[reader.events.length - 1]).toBe(done);
        expect(reader.stepSeenWhileRunning).toBe(true);

        // A client that resumes after `done` (the gateway cut just after it, or an EventSource that
        // reconnects once a stream ends) has everything: 204, nothing sent twice.
        const after = await connectSse(
          `http://127.0.0.1:${gateway.port}/v1/invocations/${id}/events`,
          { headers: ALICE, lastEventId: done.id as string },
        );
        await after.ended;
        expect(after.status).toBe(204);
        expect(after.text()).toBe('');
      },
      240_000,
    );

    maybe(
      'should stop a second run on cancel: done cancelled, no process of it left, setsid child included',
      async () => {
        const marker = newMarker();
        markers.push(marker);
        const sessionId = (await createSession(fixtureProject(projects, marker)))['id'] as string;
        const id = await startAsync(sessionId, { target: 'hang' });
        const reader = new ResumingReader(gateway, id);

        // The test and its setsid child run, in two sessions; the pid the test wrote is one of them.
        const procs = await pollUntil('the test and its setsid child running', 60_000, () => {
          const found = processesWith(marker);
          return new Set(found.map((proc) => proc.session)).size >= 2 &&
            stepLines(reader.events).length > 0
            ? found
            : undefined;
        });
        const workspace = (await through('GET', `/v1/sessions/${sessionId}`)).body['session']
          .workspace_path as string;
        const innerPid = Number(readFileSync(join(workspace, 'test.pid'), 'utf8'));
        expect(procs.map((proc) => proc.innerPid)).toContain(innerPid);

        // Another principal may not stop it; the owner's cancel then goes to the next replica.
        expect((await through('POST', `/v1/invocations/${id}/cancel`, undefined, EVE)).status).toBe(
          403,
        );
        const cancel = await through('POST', `/v1/invocations/${id}/cancel`);
        expect(cancel.status).toBe(202);
        const ranOn = gateway.routed(`/v1/sessions/${sessionId}/tools/repo.run_tests/invoke`)[0];
        const cancelledOn = gateway.routed(`/v1/invocations/${id}/cancel`)[1];
        expect(new Set([ranOn, cancelledOn]).size).toBe(replicas);
        const done = await reader.finished;
        expect(done.data).toMatchObject({ id, status: 'cancelled', error: { code: 'cancelled' } });
        const final = await through('GET', `/v1/invocations/${id}`);
        expect(done.data).toEqual(final.body['invocation']);

        const left = await pollUntil('no process of the run left', 30_000, () =>
          processesWith(marker).length === 0 ? [] : undefined,
        ).catch(() => processesWith(marker));
        expect(left).toEqual([]);
      },
      240_000,
    );
  },
);
