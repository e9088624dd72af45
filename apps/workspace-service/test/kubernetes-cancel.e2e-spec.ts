import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeKubeApiServer } from '#app/testing';
import { startTestApp, type TestApp } from './support/test-app.js';

const NAMESPACE = 'swe-ai-fleet';
const CANCELLED = { code: 'cancelled', message: 'invocation cancelled', retryable: false };

/** Live processes on this host (the fake's execs run here) with `marker` on their command line, by session. */
function marked(marker: string): Array<{ pid: number; session: number }> {
  const found: Array<{ pid: number; session: number }> = [];
  for (const name of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(marker) && fields[0] !== 'Z') {
        found.push({ pid: Number(name), session: Number(fields[3]) });
      }
    } catch {
      // ended while we looked
    }
  }
  return found;
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`${what}: not seen within 30 s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// Issue 14 part 3 for WORKSPACE_BACKEND=kubernetes: closing the exec stream is not enough, the
// cancel must end every process of the run in the pod, `setsid` children included (API.md 8.4).
describe('cancel in a kubernetes session (fake Kubernetes API server)', () => {
  let fake: FakeKubeApiServer;
  let t: TestApp;
  let dir: string;
  const marker = String(Date.now() % 1_000_000_000);

  beforeAll(async () => {
    fake = await FakeKubeApiServer.start();
    dir = mkdtempSync(join(tmpdir(), 'k8s-cancel-'));
    t = await startTestApp({
      WORKSPACE_BACKEND: 'kubernetes',
      KUBECONFIG: fake.writeKubeconfig(join(dir, 'kubeconfig')),
      HOME: dir,
      WORKSPACE_K8S_POD_JANITOR_ENABLED: 'false',
    });
  }, 30_000);

  afterAll(async () => {
    marked(marker).forEach(({ pid }) => process.kill(pid, 'SIGKILL'));
    await t?.close();
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should end the run cancelled and leave no process of it in the pod', async () => {
    const created = await t.request('POST', '/v1/sessions', {
      body: {
        session_id: 'K8s_Cancel',
        principal: { tenant_id: 'acme', actor_id: 'alice', roles: ['developer'] },
      },
    });
    expect(created.status).toBe(201);
    const sessionId = created.body.session.id as string;
    const repo = join(fake.podDir(NAMESPACE, 'ws-k8s-cancel'), 'repo');
    writeFileSync(
      join(repo, 'package.json'),
      JSON.stringify({ name: 'cancel', version: '1.0.0', scripts: { test: 'sh run.sh' } }),
    );
    writeFileSync(
      join(repo, 'run.sh'),
      `setsid sh -c 'sleep 300.${marker}' &\nsleep 300.${marker}\n`,
    );
    const url = `/v1/sessions/${sessionId}/tools/repo.run_tests/invoke`;
    const body = { correlation_id: 'k8s-cancel' };
    const pending = t.request('POST', url, { body });
    await until('the run and its setsid child alive', () => {
      const procs = marked(marker);
      return new Set(procs.map((proc) => proc.session)).size >= 2 ? procs : undefined;
    });
    const replay = await t.request('POST', url, { body });
    expect(replay.status).toBe(409);
    const id = replay.body.invocation.id as string;

    const cancel = await t.request('POST', `/v1/invocations/${id}/cancel`);
    expect(cancel.status).toBe(202);
    const answer = await pending;
    expect(answer.status).toBe(409);
    expect(answer.body.error).toEqual(CANCELLED);
    expect(answer.body.invocation).toMatchObject({ id, status: 'cancelled' });

    const left = await until('no process of the run left', () =>
      marked(marker).length === 0 ? [] : undefined,
    ).catch(() => marked(marker));
    expect(left).toEqual([]);
    // The last exec was the kill of the run's mark.
    expect(fake.execs.at(-1)?.command.slice(-1)[0]).toMatch(/^exec-[0-9a-f]{16}$/);
  }, 60_000);
});
