import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeKubeApiServer, type RedisServerProcess } from '#app/testing';
import {
  call,
  createSession,
  invoke,
  privateRedis,
  ServiceUnderTest,
  valkeyEnv,
} from './support/reliability-harness.js';

const redis = await privateRedis();
const describeRedis = redis ? describe : describe.skip;
const NAMESPACE = 'swe-ai-fleet';

// API.md 5.16/8.4 with real service processes: every replica reaches every pod through the API
// server, so a kubernetes session created on one replica is forked on the other, the stream going
// over real exec WebSockets between the service process and the (fake) API server.
describeRedis('fork a kubernetes session across two replicas (fake Kubernetes API server)', () => {
  let fake: FakeKubeApiServer;
  let root: string;
  let a: ServiceUnderTest;
  let b: ServiceUnderTest;

  beforeAll(async () => {
    fake = await FakeKubeApiServer.start();
    root = mkdtempSync(join(tmpdir(), 'wes-kfork-replicas-'));
    const env = {
      ...valkeyEnv((redis as RedisServerProcess).port, root, 'rel-kfork'),
      WORKSPACE_BACKEND: 'kubernetes',
      KUBECONFIG: fake.writeKubeconfig(join(root, 'kubeconfig')),
      WORKSPACE_K8S_POD_JANITOR_ENABLED: 'false',
    };
    [a, b] = await Promise.all([ServiceUnderTest.start(env), ServiceUnderTest.start(env)]);
  }, 90_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.stop();
    await fake?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('should fork on replica B a session created and written on replica A, and serve the fork from A (fake Kubernetes API server)', async () => {
    const source = await createSession(a.port);
    const written = await invoke(a.port, source, 'fs.write_file', {
      approved: true,
      args: { path: 'src/app.txt', content: 'written on a\n' },
    });
    expect(written.status).toBe(200);
    const sourcePod = (await call(a.port, 'GET', `/v1/sessions/${source}`)).body['session'].runtime
      .pod_name as string;
    symlinkSync('/etc/passwd', join(fake.podDir(NAMESPACE, sourcePod), 'repo', 'x'));

    const forked = await call(b.port, 'POST', `/v1/sessions/${source}/fork`, {
      body: {},
      timeoutMs: 60_000,
    });

    expect(forked.status).toBe(201);
    const fork = forked.body['session'];
    expect(fork.forked_from).toBe(source);
    const forkDir = join(fake.podDir(NAMESPACE, fork.runtime.pod_name as string), 'repo');
    expect(readFileSync(join(forkDir, 'src/app.txt'), 'utf8')).toBe('written on a\n');
    const read = await invoke(a.port, fork.id as string, 'fs.read_file', {
      args: { path: 'src/app.txt' },
    });
    expect(read.body['invocation'].output.content).toBe('written on a\n');
    expect(
      (await invoke(a.port, fork.id as string, 'fs.read_file', { args: { path: 'x' } })).status,
    ).toBe(404);

    const afterFork = await invoke(b.port, fork.id as string, 'fs.write_file', {
      approved: true,
      args: { path: 'src/app.txt', content: 'fork only\n' },
    });
    expect(afterFork.status).toBe(200);
    const sourceRead = await invoke(b.port, source, 'fs.read_file', {
      args: { path: 'src/app.txt' },
    });
    expect(sourceRead.body['invocation'].output.content).toBe('written on a\n');
  }, 90_000);
});
