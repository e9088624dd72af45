import { createServer, type Server, type Socket } from 'node:net';
import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { AppException } from '#app/errors';
import { S3RVER_CREDENTIALS, type S3rverInstance, startS3rver } from '../testing/index.js';
import { artifactStoreContract } from '../testing/artifact-store.contract.js';
import { S3ArtifactStore } from './s3-artifact-store.js';
import type { S3ArtifactStoreOptions } from './s3-client.js';

let s3: S3rverInstance;
let run = 0;

beforeAll(async () => {
  s3 = await startS3rver('artifacts');
});

afterAll(async () => {
  await s3.close();
});

function optionsFor(prefix: string, overrides: Partial<S3ArtifactStoreOptions> = {}) {
  return {
    bucket: s3.bucket,
    endpoint: s3.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    prefix,
    credentials: S3RVER_CREDENTIALS,
    ...overrides,
  };
}

async function expectUnavailable(operation: Promise<unknown>, withinMs: number): Promise<void> {
  const started = Date.now();
  const failure = await operation.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(AppException);
  expect((failure as AppException).code).toBe('unavailable');
  expect((failure as AppException).message).toBe('artifact store unavailable');
  expect(Date.now() - started).toBeLessThan(withinMs);
}

describe('S3ArtifactStore contract (s3rver, protocol-level S3 substitute)', () => {
  artifactStoreContract(async () => {
    run += 1;
    const store = await S3ArtifactStore.connect(optionsFor(`contract-${run}/`));
    return { store, cleanup: async () => store.onApplicationShutdown() };
  });
});

describe('S3ArtifactStore layout (s3rver, protocol-level S3 substitute)', () => {
  let store: S3ArtifactStore;
  let raw: S3Client;

  beforeEach(async () => {
    run += 1;
    store = await S3ArtifactStore.connect(optionsFor(`layout-${run}/`));
    raw = new S3Client({
      region: 'us-east-1',
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: S3RVER_CREDENTIALS,
    });
  });

  afterEach(() => {
    store.onApplicationShutdown();
    raw.destroy();
  });

  it('should write <prefix><invocation id>/<artifact id>-<name> with the digest and an ASCII name in metadata', async () => {
    const artifact = await store.put('inv-1', {
      name: 'résumé 🚀.json',
      content_type: 'application/json',
      data: Buffer.from('{"a":1}'),
    });

    const head = await raw.send(
      new HeadObjectCommand({
        Bucket: 'artifacts',
        Key: `layout-${run}/inv-1/${artifact.id}-résumé 🚀.json`,
      }),
    );
    expect(head.ContentLength).toBe(7);
    expect(head.ContentType).toBe('application/json');
    expect(head.Metadata).toEqual({
      sha256: artifact.sha256,
      'created-at': artifact.created_at,
      name: 'r%C3%A9sum%C3%A9%20%F0%9F%9A%80.json',
    });
  });

  it('should list the creation time stored at put, not the object time', async () => {
    const artifact = await store.put('inv-2', {
      name: 'a.txt',
      content_type: 'text/plain',
      data: Buffer.from('a'),
    });

    expect(await store.list('inv-2')).toEqual([
      { ...artifact, content_type: 'text/plain; charset=utf-8' },
    ]);
  });

  it('should remove stray and nested keys of the invocation, and ignore objects without a digest', async () => {
    const kept = await store.put('inv-3', {
      name: 'kept.txt',
      content_type: 'text/plain',
      data: Buffer.from('k'),
    });
    const prefix = `layout-${run}/inv-3/`;
    for (const key of ['stray.bin', 'nested/deep.bin', 'artifact-00000000000000aa-nodigest.txt']) {
      await raw.send(new PutObjectCommand({ Bucket: 'artifacts', Key: prefix + key, Body: 'x' }));
    }

    expect((await store.list('inv-3')).map((entry) => entry.id)).toEqual([kept.id]);
    expect(
      await store.open('inv-3', { id: 'artifact-00000000000000aa', name: 'nodigest.txt' }),
    ).toBeNull();
    expect(await store.removeExcept('inv-3', new Set([kept.id]))).toBe(3);

    await expect(
      raw.send(new GetObjectCommand({ Bucket: 'artifacts', Key: `${prefix}stray.bin` })),
    ).rejects.toMatchObject({ name: 'NoSuchKey' });
    expect(await store.open('inv-3', kept)).not.toBeNull();
  });

  it('should fail the start with the bucket named when the bucket does not exist', async () => {
    await expect(S3ArtifactStore.connect(optionsFor('x/', { bucket: 'missing' }))).rejects.toThrow(
      `artifact store unreachable: bucket missing at ${s3.endpoint}: NotFound (HTTP 404)`,
    );
  });
});

describe('S3ArtifactStore when the store goes away (s3rver, protocol-level S3 substitute)', () => {
  let store: S3ArtifactStore;
  let artifact: Awaited<ReturnType<S3ArtifactStore['put']>>;

  beforeEach(async () => {
    run += 1;
    store = await S3ArtifactStore.connect(optionsFor(`outage-${run}/`));
    artifact = await store.put('inv-1', {
      name: 'a.txt',
      content_type: 'text/plain',
      data: Buffer.from('a'),
    });
  });

  afterEach(async () => {
    store.onApplicationShutdown();
    await s3.start();
  });

  it('should reject every run-time operation with unavailable within the deadline when s3rver is stopped', async () => {
    await s3.stop();

    const data = Buffer.from('b');
    await expectUnavailable(
      store.put('inv-1', { name: 'b.txt', content_type: 'text/plain', data }),
      6000,
    );
    await expectUnavailable(store.open('inv-1', artifact), 6000);
    await expectUnavailable(store.read('inv-1', artifact), 6000);
    await expectUnavailable(store.list('inv-1'), 6000);
    await expectUnavailable(store.removeExcept('inv-1', new Set()), 6000);
    expect(await store.check()).toMatch(
      new RegExp(`^bucket artifacts at ${s3.endpoint}: .*ECONNREFUSED`),
    );
  });

  it('should fail the start check with the exact message when s3rver is stopped', async () => {
    await s3.stop();

    await expect(S3ArtifactStore.connect(optionsFor('x/'))).rejects.toThrow(
      new RegExp(`^artifact store unreachable: bucket artifacts at ${s3.endpoint}: .*ECONNREFUSED`),
    );
  });

  it('should serve again without a new client once s3rver is back', async () => {
    await s3.stop();
    await expectUnavailable(store.list('inv-1'), 6000);

    await s3.start();

    expect(await store.check()).toBeNull();
    expect((await store.read('inv-1', artifact))?.toString()).toBe('a');
  });
});

describe('S3ArtifactStore against a server that never answers', () => {
  let silent: Server;
  const sockets = new Set<Socket>();
  let endpoint: string;

  beforeAll(async () => {
    silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });

  afterAll(async () => {
    for (const socket of sockets) {
      socket.destroy();
    }
    await new Promise((resolve) => silent.close(resolve));
  });

  it('should give up on the start check at the startup deadline', async () => {
    const started = Date.now();

    await expect(
      S3ArtifactStore.connect(optionsFor('x/', { endpoint }), { startupMs: 400 }),
    ).rejects.toThrow(
      `artifact store unreachable: bucket artifacts at ${endpoint}: no answer within 0.4 s`,
    );
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('should bound run-time calls and readiness by their deadlines instead of hanging', async () => {
    const store = new S3ArtifactStore(optionsFor('x/', { endpoint }), {
      callMs: 400,
      checkMs: 300,
    });
    try {
      await expectUnavailable(
        store.put('inv-1', { name: 'a.txt', content_type: 'text/plain', data: Buffer.from('a') }),
        3000,
      );
      await expectUnavailable(
        store.open('inv-1', { id: 'artifact-0000000000000001', name: 'a' }),
        3000,
      );
      await expectUnavailable(store.list('inv-1'), 3000);
      expect(await store.check()).toBe(`bucket artifacts at ${endpoint}: no answer within 0.3 s`);
    } finally {
      store.onApplicationShutdown();
    }
  });
});
