import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { snapshotProcessEnvironment } from '#app/config';

const START_BUDGET_MS = 5000;

/**
 * librdkafka's mock cluster, started through `kcat` (STACK.md: there is no Kafka broker on these
 * machines). It speaks the real Kafka protocol on a loopback port; topics are auto-created on
 * first use and `admin.createTopics` is not supported. The `__keepalive` consumer only keeps the
 * process (and so the cluster) alive.
 */
export class KafkaMockCluster {
  private readonly requests = new Map<string, number>();

  private constructor(
    private readonly child: ChildProcess,
    /** `host:port` of the mock's bootstrap broker, read from kcat's `debug=mock` log. */
    readonly bootstrap: string,
  ) {
    // The mock logs every request it receives (`Received JoinGroupRequestV5 from …`): counting
    // them lets tests assert what a client never sent. kcat's own consumer sends none of the
    // group requests (`-C` without `-G`).
    let tail = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      const text = tail + chunk.toString('utf8');
      const cut = text.lastIndexOf('\n');
      tail = cut === -1 ? text.slice(-4096) : text.slice(cut + 1);
      for (const match of (cut === -1 ? '' : text.slice(0, cut)).matchAll(
        /Received (\w+?)Request/g,
      )) {
        const name = match[1] ?? '';
        this.requests.set(name, (this.requests.get(name) ?? 0) + 1);
      }
    });
  }

  /** How many requests of this Kafka API (`JoinGroup`, `OffsetCommit`, `Fetch`…) the mock received. */
  requestCount(api: string): number {
    return this.requests.get(api) ?? 0;
  }

  /**
   * Starts the mock cluster, or answers `undefined` with a loud warning when `kcat` is missing —
   * except under `CI=true`, where a missing kcat fails the run.
   */
  static async start(): Promise<KafkaMockCluster | undefined> {
    const child = spawn(
      'kcat',
      [
        '-X',
        'test.mock.num.brokers=1',
        '-X',
        'debug=mock',
        '-b',
        '127.0.0.1:1',
        '-C',
        '-t',
        '__keepalive',
        '-u',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    try {
      return new KafkaMockCluster(child, await readBootstrap(child));
    } catch (error) {
      child.kill('SIGKILL');
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw error;
      }
      const notice =
        'kcat is not installed (apt package kcat), so the librdkafka mock cluster cannot start';
      if (snapshotProcessEnvironment()['CI'] === 'true') {
        throw new Error(`${notice}; CI=true requires it`);
      }
      console.warn(`\n!!! SKIPPING TESTS: ${notice} (CI=true fails instead) !!!\n`);
      return undefined;
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) {
      return;
    }
    const exited = once(this.child, 'exit');
    this.child.kill('SIGKILL');
    await exited;
  }
}

function readBootstrap(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(
      () => finish(new Error(`kcat printed no bootstrap.servers within ${START_BUDGET_MS}ms`)),
      START_BUDGET_MS,
    );
    const onData = (chunk: Buffer): void => {
      // The log can grow without bound (debug=mock); only the head matters.
      log = (log + chunk.toString('utf8')).slice(-8192);
      const match = /bootstrap\.servers=(127\.0\.0\.1:\d+)/.exec(log);
      if (match?.[1] !== undefined) {
        finish(undefined, match[1]);
      }
    };
    const onError = (error: Error): void => finish(error);
    const onExit = (code: number | null): void =>
      finish(new Error(`kcat exited (${code}) before the mock cluster started`));
    function finish(error: Error | undefined, bootstrap?: string): void {
      clearTimeout(timer);
      child.stderr?.off('data', onData);
      child.off('error', onError);
      child.off('exit', onExit);
      if (error === undefined && bootstrap !== undefined) {
        resolve(bootstrap);
      } else {
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes the failure on as it came
        reject(error);
      }
    }
    child.stderr?.on('data', onData);
    child.once('error', onError);
    child.once('exit', onExit);
  });
}
