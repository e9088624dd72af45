import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeKubeApiServer } from '#app/testing';
import { createKubeClient, type KubeClient } from './kube-client.js';
import { PIPE_HIGH_WATER_BYTES, pipeBetweenPods, type PodPipeRequest } from './pod-exec-pipe.js';

const NS = 'pipes';

/** Resolves once the file has stopped growing for a second short of `size` (or after 60 s). */
async function producerStalled(path: string, size: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  let last = -1;
  let stableSince = Date.now();
  while (Date.now() < deadline) {
    const current = existsSync(path) ? statSync(path).size : 0;
    if (current >= size) {
      return; // went through whole: the assertion on pauses reports it
    }
    if (current !== last) {
      last = current;
      stableSince = Date.now();
    } else if (current > 0 && Date.now() - stableSince >= 1000) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('pipeBetweenPods (fake Kubernetes API server)', () => {
  let fake: FakeKubeApiServer;
  let dir: string;
  let client: KubeClient;

  beforeAll(async () => {
    fake = await FakeKubeApiServer.start();
    dir = mkdtempSync(join(tmpdir(), 'pod-pipe-'));
    client = createKubeClient({ kubeconfig: fake.writeKubeconfig(join(dir, 'kubeconfig'), NS) });
    for (const name of ['from', 'to']) {
      fake.put('pods', NS, { metadata: { name, labels: { app: 'workspace-session' } } });
      mkdirSync(fake.podDir(NS, name), { recursive: true });
    }
  });
  afterAll(async () => {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    fake.execRefusal = () => undefined;
    fake.execProtocols = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];
  });

  const target = (pod: string) => ({ namespace: NS, pod, container: 'runner' });
  const pipe = (from: string, to: string, extra: Partial<PodPipeRequest> = {}) =>
    pipeBetweenPods(client, {
      from: { target: target('from'), argv: ['sh', '-c', from], label: 'producer' },
      to: { target: target('to'), argv: ['sh', '-c', to], label: 'consumer' },
      timeoutMs: 60_000,
      ...extra,
    });
  // The fake maps /workspace to the pod's local directory.
  const local = (pod: string, name: string) => join(fake.podDir(NS, pod), name);
  const failure = async (promise: Promise<unknown>): Promise<string> =>
    promise.then(
      () => 'resolved',
      (error: Error) => error.message,
    );

  it('should stream many times the high-water mark byte for byte and close stdin at the end', async () => {
    const size = 6 * PIPE_HIGH_WATER_BYTES + 12_345;
    const produce = `head -c ${size} /dev/urandom | tee /workspace/sent`;

    const result = await pipe(produce, 'cat > /workspace/received && echo done > /workspace/eof');

    expect(result.bytes).toBe(size);
    const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
    expect(digest(local('to', 'received'))).toBe(digest(local('from', 'sent')));
    expect(readFileSync(local('to', 'eof'), 'utf8')).toBe('done\n');
  });

  it('should pause the producer while a slow consumer lags and still deliver every byte', async () => {
    const size = 48 * PIPE_HIGH_WATER_BYTES;

    // The consumer reads nothing until the test opens its gate, which it does only once the
    // producer has stopped making progress (48 MiB is far above pipe and socket buffers): the pipe
    // must be what holds it. A fixed sleep instead would let a slow, loaded machine pass the
    // whole stream through before the consumer ever lagged.
    const running = pipe(
      `head -c ${size} /dev/zero | tee /workspace/sent-slow`,
      'while [ ! -e /workspace/gate ]; do sleep 0.1; done; cat > /workspace/slow',
    );
    await producerStalled(local('from', 'sent-slow'), size);
    writeFileSync(local('to', 'gate'), '');
    const result = await running;

    expect(result.bytes).toBe(size);
    expect(result.pauses).toBeGreaterThan(0);
    expect(statSync(local('to', 'slow')).size).toBe(size);
  });

  it('should let the producer finish when the consumer exits 0 without reading it all, not hang', async () => {
    const size = 48 * PIPE_HIGH_WATER_BYTES;

    const result = await pipe(`head -c ${size} /dev/zero`, 'head -c 10 > /workspace/head');

    expect(result.bytes).toBe(size);
    expect(statSync(local('to', 'head')).size).toBe(10);
  });

  it('should report the producing side failing with its exit code and stderr, and not wait on the consumer', async () => {
    const message = await failure(pipe('echo partial; echo boom >&2; exit 3', 'cat > /dev/null'));

    expect(message).toBe('producer exited with 3: boom');
  });

  it('should report the consuming side failing with its exit code and output', async () => {
    const message = await failure(pipe('echo data', 'cat > /dev/null; echo nope >&2; exit 4'));

    expect(message).toBe('consumer exited with 4: nope');
  });

  it('should cut the stream above maxBytes and kill both sides', async () => {
    const message = await failure(
      pipe(
        'head -c 200000 /dev/zero',
        'cat > /workspace/capped; touch /workspace/capped-finished',
        {
          maxBytes: 50_000,
        },
      ),
    );

    expect(message).toBe('workspace archive exceeds 50000 bytes');
    // The consumer never saw the end of its stdin: it was killed, not finished.
    expect(existsSync(local('to', 'capped-finished'))).toBe(false);
  });

  it('should fail at the deadline', async () => {
    const message = await failure(pipe('sleep 30', 'cat > /dev/null', { timeoutMs: 1000 }));

    expect(message).toBe('timed out after 1s');
  });

  it('should fail when an exec is refused by the API server, naming the side', async () => {
    fake.execRefusal = (exec) => (exec.pod === 'from' ? 400 : undefined);

    const message = await failure(pipe('echo x', 'cat > /dev/null'));

    expect(message).toMatch(/^producer failed: /);
  });

  it('should refuse a v4-only API server before anything is produced: closing stdin would lose the status', async () => {
    fake.execProtocols = ['v4.channel.k8s.io'];
    const producedBefore = fake.execs.filter((exec) => exec.pod === 'from').length;

    const message = await failure(pipe('echo x', 'cat > /dev/null'));

    expect(message).toBe(
      'the API server does not offer the v5.channel.k8s.io exec protocol (Kubernetes 1.30 or later)',
    );
    expect(fake.execs.filter((exec) => exec.pod === 'from').length).toBe(producedBefore);
  });

  it('should fail when the consuming pod does not exist, before anything is produced', async () => {
    const producedBefore = fake.execs.filter((exec) => exec.pod === 'from').length;

    const message = await failure(
      pipeBetweenPods(client, {
        from: { target: target('from'), argv: ['sh', '-c', 'echo x'] },
        to: { target: target('gone'), argv: ['sh', '-c', 'cat'] },
        timeoutMs: 60_000,
      }),
    );

    expect(message).toMatch(/^exec in pod gone failed: /);
    expect(fake.execs.filter((exec) => exec.pod === 'from').length).toBe(producedBefore);
  });
});
