import { Readable } from 'node:stream';
import { type ArtifactContent, ArtifactStore, type NewArtifact } from '#app/artifacts';
import type { Artifact, Invocation } from '#app/contracts';
import { AppException } from '#app/errors';
import { MemoryInvocationStore, SystemClock } from '#app/stores';
import { InvocationArtifactReader } from './invocation-artifact-reader.js';
import { InvocationHydrator } from './invocation-hydrator.js';

/** A store whose open() answers from a fixed table, or fails the way the test says. */
class TableArtifactStore extends ArtifactStore {
  constructor(
    private readonly bytes: Record<string, string>,
    private readonly failure?: Error,
  ) {
    super();
  }

  async open(_: string, artifact: Pick<Artifact, 'id' | 'name'>): Promise<ArtifactContent | null> {
    if (this.failure) {
      throw this.failure;
    }
    const text = this.bytes[artifact.id];
    return text === undefined
      ? null
      : { stream: Readable.from([Buffer.from(text)]), size_bytes: text.length, sha256: '' };
  }

  put(_: string, __: NewArtifact): Promise<Artifact> {
    throw new Error('not used');
  }
  removeExcept(): Promise<number> {
    throw new Error('not used');
  }
  list(): Promise<Artifact[]> {
    throw new Error('not used');
  }
  check(): Promise<string | null> {
    throw new Error('not used');
  }
}

const artifact = (id: string, name: string): Artifact => ({
  id,
  name,
  content_type: 'application/json',
  size_bytes: 0,
  sha256: '',
  created_at: '2030-01-01T00:00:00.000Z',
  download_path: `/v1/invocations/inv-1/artifacts/${id}`,
});

const hydratorOver = (
  artifacts: ArtifactStore,
  invocations = new MemoryInvocationStore(new SystemClock(), 0),
): InvocationHydrator =>
  new InvocationHydrator(new InvocationArtifactReader(artifacts, invocations));

const envelope = {
  id: 'inv-1',
  logs: [],
  output_ref: 'artifact-0000000000000001',
  logs_ref: 'artifact-0000000000000002',
  artifacts: [
    artifact('artifact-0000000000000001', 'invocation-output.json'),
    artifact('artifact-0000000000000002', 'invocation-logs.jsonl'),
  ],
} as unknown as Invocation;

describe('InvocationHydrator', () => {
  it('should put output and logs back from their artifacts when the record keeps references', async () => {
    const hydrator = hydratorOver(
      new TableArtifactStore({
        'artifact-0000000000000001': '{"ok":true}',
        'artifact-0000000000000002': '{"level":"info","message":"a"}\n',
      }),
    );

    const hydrated = await hydrator.hydrate(envelope);

    expect(hydrated.output).toEqual({ ok: true });
    expect(hydrated.logs).toEqual([{ level: 'info', message: 'a' }]);
  });

  it('should leave output and logs out when their artifacts are gone or unreadable', async () => {
    const gone = hydratorOver(new TableArtifactStore({}));
    const broken = hydratorOver(new TableArtifactStore({}, new Error('EIO')));

    expect((await gone.hydrate(envelope)).output).toBeUndefined();
    expect((await broken.hydrate(envelope)).logs).toEqual([]);
  });

  it('should read output and logs from the invocation store when they were kept with the record', async () => {
    const invocations = new MemoryInvocationStore(new SystemClock(), 0);
    await invocations.saveTerminal({ ...envelope, status: 'succeeded' }, [
      { id: 'artifact-0000000000000001', data: Buffer.from('{"kept":1}') },
      { id: 'artifact-0000000000000002', data: Buffer.from('{"level":"info","message":"b"}\n') },
    ]);
    const down = new AppException('unavailable', 'artifact store unavailable');
    const hydrator = hydratorOver(new TableArtifactStore({}, down), invocations);

    const hydrated = await hydrator.hydrate(envelope);

    expect(hydrated.output).toEqual({ kept: 1 });
    expect(hydrated.logs).toEqual([{ level: 'info', message: 'b' }]);
  });

  it('should fail with unavailable when the artifact store cannot be reached', async () => {
    const down = new AppException('unavailable', 'artifact store unavailable');
    const hydrator = hydratorOver(new TableArtifactStore({}, down));

    await expect(hydrator.hydrate(envelope)).rejects.toBe(down);
    await expect(hydrator.logs(envelope)).rejects.toBe(down);
  });
});
