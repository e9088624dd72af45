import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';

/** Connection settings of the S3 store (CONFIG.md 2.2, `ARTIFACT_S3_*`). */
export interface S3ArtifactStoreOptions {
  bucket: string;
  /** S3-compatible server URL; unset = AWS for `region`. */
  endpoint?: string;
  region: string;
  /** Path-style addressing (`<endpoint>/<bucket>/<key>`), needed by most S3-compatible servers. */
  forcePathStyle: boolean;
  /** Prepended to every key, e.g. `workspace/`. */
  prefix: string;
  /** Default: the SDK's default chain (environment, web identity, shared files, instance roles). */
  credentials?: S3ClientConfig['credentials'];
}

/** Deadlines in milliseconds; the defaults are the documented ones (docs/STORES.md). */
export interface S3StoreTimings {
  /** Whole SDK call (retries included) for everything but uploads and the body of a download. */
  callMs: number;
  /** The bucket check at startup. */
  startupMs: number;
  /** The bucket check of `/readyz` (inside the probe's 2 s budget). */
  checkMs: number;
  /** TCP connect, and idle time of a socket while a body streams. */
  connectMs: number;
  socketIdleMs: number;
}

export const DEFAULT_S3_TIMINGS: S3StoreTimings = {
  callMs: 5000,
  startupMs: 5000,
  checkMs: 1500,
  connectMs: 2000,
  socketIdleMs: 10_000,
};

/** The SDK client with the connect and idle timeouts; credentials from the default chain unless given. */
export function createS3Client(options: S3ArtifactStoreOptions, timings: S3StoreTimings): S3Client {
  return new S3Client({
    region: options.region,
    ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
    forcePathStyle: options.forcePathStyle,
    ...(options.credentials !== undefined ? { credentials: options.credentials } : {}),
    // One retry: the deadline, not the SDK's backoff, bounds how long a caller waits.
    maxAttempts: 2,
    requestHandler: {
      connectionTimeout: timings.connectMs,
      socketTimeout: timings.socketIdleMs,
    },
  });
}
