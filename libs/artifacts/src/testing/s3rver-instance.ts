import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

/** The credentials s3rver accepts (it checks request signatures against them). */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export interface S3rverInstance {
  /** `http://127.0.0.1:<port>`; path-style addressing. */
  readonly endpoint: string;
  readonly port: number;
  readonly bucket: string;
  /** Stops listening (open keep-alive connections are cut); the data stays for {@link start}. */
  stop(): Promise<void>;
  /** Listens again on the same port with the same data. */
  start(): Promise<void>;
  /** Stops and removes the data directory. */
  close(): Promise<void>;
}

/**
 * s3rver, a protocol-level S3 substitute, in process on a free loopback port with one bucket. The
 * adapter under test talks real S3 HTTP to it through the official SDK.
 */
export async function startS3rver(bucket = 'artifacts'): Promise<S3rverInstance> {
  const directory = await mkdtemp(join(tmpdir(), 's3rver-'));
  const launch = async (port: number): Promise<{ server: S3rver; port: number }> => {
    const server = new S3rver({
      address: '127.0.0.1',
      port,
      silent: true,
      directory,
      configureBuckets: [{ name: bucket }],
    });
    const address = await server.run();
    return { server, port: address.port };
  };
  let running: S3rver | undefined;
  const first = await launch(0);
  running = first.server;
  const port = first.port;

  const stop = async (): Promise<void> => {
    const server = running;
    running = undefined;
    if (server?.httpServer) {
      server.httpServer.closeAllConnections();
      await server.close();
    }
  };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    bucket,
    stop,
    async start() {
      if (running === undefined) {
        running = (await launch(port)).server;
      }
    },
    async close() {
      await stop();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
