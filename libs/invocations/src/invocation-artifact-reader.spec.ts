import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalArtifactStore } from '#app/artifacts';
import type { Invocation } from '#app/contracts';
import { MemoryInvocationStore, SystemClock } from '#app/stores';
import { InvocationArtifactReader } from './invocation-artifact-reader.js';

async function drain(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

describe('InvocationArtifactReader', () => {
  let root: string;
  let artifacts: LocalArtifactStore;
  let invocations: MemoryInvocationStore;
  let reader: InvocationArtifactReader;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'artifact-reader-'));
    artifacts = new LocalArtifactStore(root);
    invocations = new MemoryInvocationStore(new SystemClock(), 0);
    reader = new InvocationArtifactReader(artifacts, invocations);
  });

  afterEach(() => rm(root, { recursive: true, force: true }));

  const record = (overrides: Partial<Invocation>): Invocation =>
    ({ id: 'inv-1', logs: [], artifacts: [], ...overrides }) as unknown as Invocation;

  it('should stream a blob kept with the record with its size and digest when it is the output', async () => {
    const bytes = Buffer.from('{"kept":"é"}');
    const invocation = record({ status: 'succeeded', output_ref: 'artifact-00000000000000a1' });
    await invocations.saveTerminal(invocation, [{ id: 'artifact-00000000000000a1', data: bytes }]);

    const content = await reader.open(invocation, {
      id: 'artifact-00000000000000a1',
      name: 'invocation-output.json',
    });

    expect(content?.size_bytes).toBe(bytes.length);
    expect(content?.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect((await drain(content!.stream)).equals(bytes)).toBe(true);
  });

  it('should read a ref without a blob from the artifact store', async () => {
    const stored = await artifacts.put('inv-1', {
      name: 'invocation-logs.jsonl',
      content_type: 'application/x-ndjson',
      data: Buffer.from('{"message":"big"}\n'),
    });
    const invocation = record({ logs_ref: stored.id });

    expect((await reader.read(invocation, stored))?.toString()).toBe('{"message":"big"}\n');
  });

  it('should never serve a blob for a tool artifact', async () => {
    const invocation = record({ status: 'succeeded' });
    await invocations.saveTerminal(invocation, [
      { id: 'artifact-00000000000000b1', data: Buffer.from('hidden') },
    ]);

    expect(
      await reader.open(invocation, { id: 'artifact-00000000000000b1', name: 'tool.bin' }),
    ).toBeNull();
  });
});
