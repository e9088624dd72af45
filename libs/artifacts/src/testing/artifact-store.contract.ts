import { createHash, randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { ArtifactStore } from '../artifact-store.port.js';

export interface ArtifactStoreUnderTest {
  store: ArtifactStore;
  cleanup(): Promise<void>;
}

const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

async function drain(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Behaviour every `ArtifactStore` adapter shares (API.md 9.4, 10.3); `create` gives an empty
 * store. Adapter-specific layout (files, object keys) is checked in each adapter's own spec.
 */
export function artifactStoreContract(create: () => Promise<ArtifactStoreUnderTest>): void {
  let subject: ArtifactStoreUnderTest;
  let store: ArtifactStore;

  beforeEach(async () => {
    subject = await create();
    store = subject.store;
  });

  afterEach(async () => {
    await subject.cleanup();
  });

  it('should return the stored record with size and SHA-256 when an artifact is put', async () => {
    const artifact = await store.put('inv-0000000000000001', {
      name: '../x/out.txt',
      content_type: 'text/plain',
      data: Buffer.from('hola'),
    });

    expect(artifact).toEqual({
      id: expect.stringMatching(/^artifact-[0-9a-f]{16}$/),
      name: 'out.txt',
      content_type: 'text/plain',
      size_bytes: 4,
      sha256: sha256('hola'),
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      download_path: `/v1/invocations/inv-0000000000000001/artifacts/${artifact.id}`,
    });
  });

  it('should stream the exact bytes with the stored size and SHA-256 when an artifact is opened', async () => {
    const data = randomBytes(70_000);
    const artifact = await store.put('inv-1', {
      name: 'blob.bin',
      content_type: 'application/octet-stream',
      data,
    });

    const content = await store.open('inv-1', artifact);

    expect(content).not.toBeNull();
    expect(content?.size_bytes).toBe(data.length);
    expect(content?.sha256).toBe(sha256(data));
    expect((await drain(content!.stream)).equals(data)).toBe(true);
    expect((await store.read('inv-1', artifact))?.equals(data)).toBe(true);
  });

  it('should keep sizes exact for empty and one-byte artifacts', async () => {
    const empty = await store.put('inv-2', {
      name: 'empty.txt',
      content_type: 'text/plain',
      data: Buffer.alloc(0),
    });
    const one = await store.put('inv-2', {
      name: 'one.txt',
      content_type: 'text/plain',
      data: Buffer.from('x'),
    });

    expect([empty.size_bytes, one.size_bytes]).toEqual([0, 1]);
    const openedEmpty = await store.open('inv-2', empty);
    expect(openedEmpty?.size_bytes).toBe(0);
    expect(openedEmpty?.sha256).toBe(sha256(''));
    expect(await drain(openedEmpty!.stream)).toEqual(Buffer.alloc(0));
    expect((await store.read('inv-2', one))?.toString()).toBe('x');
  });

  it('should answer null when the artifact or the invocation does not exist', async () => {
    const artifact = await store.put('inv-3', {
      name: 'a.txt',
      content_type: 'text/plain',
      data: Buffer.from('a'),
    });

    expect(
      await store.open('inv-3', { id: 'artifact-0000000000000000', name: 'a.txt' }),
    ).toBeNull();
    expect(await store.open('inv-3', { id: artifact.id, name: 'other.txt' })).toBeNull();
    expect(await store.open('inv-none', artifact)).toBeNull();
    expect(await store.read('inv-none', artifact)).toBeNull();
  });

  it('should answer null, nothing or zero for hostile invocation ids and artifact ids', async () => {
    await store.put('inv-4', { name: 'a.txt', content_type: 'text/plain', data: Buffer.from('a') });

    expect(await store.open('..', { id: 'artifact-0000000000000000', name: 'x' })).toBeNull();
    expect(await store.open('inv-4/..', { id: 'artifact-0000000000000000', name: 'x' })).toBeNull();
    expect(await store.open('inv-4', { id: '..', name: '/../../x' })).toBeNull();
    expect(await store.list('../..')).toEqual([]);
    expect(await store.list('')).toEqual([]);
    expect(await store.removeExcept('..', new Set())).toBe(0);
    expect(await store.removeExcept('.', new Set())).toBe(0);
    expect(await store.list('inv-4')).toHaveLength(1);
  });

  it('should round-trip unicode, quotes and spaces in names through put, list and open', async () => {
    const name = '报告 🚀 "résumé" 100%.txt';
    const artifact = await store.put('inv-5', {
      name,
      content_type: 'text/plain; charset=utf-8',
      data: Buffer.from('ü'),
    });

    expect(artifact.name).toBe(name);
    const listed = await store.list('inv-5');
    expect(listed.map((entry) => [entry.id, entry.name])).toEqual([[artifact.id, name]]);
    const content = await store.open('inv-5', listed[0]);
    expect((await drain(content!.stream)).toString('utf8')).toBe('ü');
  });

  it('should list an invocation from the store alone: ids, names, inferred types, sizes and digests', async () => {
    const first = await store.put('inv-6', {
      name: 'b.json',
      content_type: 'application/x-custom',
      data: Buffer.from('{}'),
    });
    const second = await store.put('inv-6', {
      name: 'a.log',
      content_type: 'text/plain',
      data: Buffer.from('line\n'),
    });
    await store.put('inv-60', {
      name: 'c.txt',
      content_type: 'text/plain',
      data: Buffer.from('c'),
    });

    const listed = await store.list('inv-6');

    expect(listed).toHaveLength(2);
    expect(listed).toEqual(
      expect.arrayContaining([
        {
          ...first,
          content_type: 'application/json',
          created_at: expect.any(String) as string,
        },
        {
          ...second,
          content_type: 'text/plain; charset=utf-8',
          created_at: expect.any(String) as string,
        },
      ]),
    );
    const order = listed.map((entry) => `${entry.created_at} ${entry.name}`);
    expect(order).toEqual([...order].sort());
    expect(await store.list('inv-none')).toEqual([]);
  });

  it('should remove exactly the entries that are not kept and count them', async () => {
    const kept = await store.put('inv-7', {
      name: 'kept.txt',
      content_type: 'text/plain',
      data: Buffer.from('k'),
    });
    await store.put('inv-7', { name: 'x.txt', content_type: 'text/plain', data: Buffer.from('x') });
    await store.put('inv-7', { name: 'y.txt', content_type: 'text/plain', data: Buffer.from('y') });
    const other = await store.put('inv-70', {
      name: 'z.txt',
      content_type: 'text/plain',
      data: Buffer.from('z'),
    });

    expect(await store.removeExcept('inv-7', new Set([kept.id]))).toBe(2);

    expect((await store.list('inv-7')).map((entry) => entry.id)).toEqual([kept.id]);
    expect(await store.open('inv-70', other)).not.toBeNull();
    expect(await store.removeExcept('inv-7', new Set())).toBe(1);
    expect(await store.list('inv-7')).toEqual([]);
    expect(await store.removeExcept('inv-none', new Set())).toBe(0);
  });

  it('should store and stream a multipart-sized artifact (over 5 MiB) intact', async () => {
    const data = randomBytes(6 * 1024 * 1024 + 123);
    const artifact = await store.put('inv-8', {
      name: 'large.bin',
      content_type: 'application/octet-stream',
      data,
    });

    expect(artifact.size_bytes).toBe(data.length);
    expect(artifact.sha256).toBe(sha256(data));
    const content = await store.open('inv-8', artifact);
    expect(content?.size_bytes).toBe(data.length);
    const hash = createHash('sha256');
    let streamed = 0;
    for await (const chunk of content!.stream) {
      hash.update(chunk as Buffer);
      streamed += (chunk as Buffer).length;
    }
    expect(streamed).toBe(data.length);
    expect(hash.digest('hex')).toBe(artifact.sha256);
    expect((await store.list('inv-8'))[0]).toMatchObject({
      size_bytes: data.length,
      sha256: artifact.sha256,
    });
  });

  it('should report a reachable store as healthy', async () => {
    expect(await store.check()).toBeNull();
  });
}
