import type { Invocation } from '#app/contracts';
import type { NewInvocationEvent } from '../invocation-events.port.js';
import {
  InvocationFinishedElsewhereError,
  type InvocationStore,
} from '../invocation-store.port.js';
import { SystemClock } from '../clock.js';
import { MemoryInvocationEvents } from '../memory/memory-invocation-events.js';
import type { StoreUnderTest } from './session-store.contract.js';
import { invocationFixture } from './store-fixtures.js';

const lost = {
  code: 'unavailable',
  message: 'invocation lost: replica r1 stopped',
  retryable: true,
};

function done(final: Invocation): NewInvocationEvent {
  return { event: 'done', data: { id: final.id, status: final.status } };
}

/** Behaviour every `InvocationStore` adapter shares (API.md 9.2); `create` gives an empty store. */
export function invocationStoreContract(
  create: () => Promise<StoreUnderTest<InvocationStore>>,
): void {
  let subject: StoreUnderTest<InvocationStore>;
  const key = {
    sessionId: 'session-0123456789abcdef',
    toolName: 'fs.read_file',
    correlationId: 'req-1',
  };

  beforeEach(async () => {
    subject = await create();
  });

  afterEach(async () => {
    await subject.cleanup();
  });

  it('should return the record when a running record was saved', async () => {
    const running = invocationFixture({ correlation_id: 'req-1' });

    await subject.store.save(running);

    expect(await subject.store.get(running.id)).toEqual(running);
  });

  it('should return the final record when it replaced the running one', async () => {
    const running = invocationFixture();
    await subject.store.save(running);
    const final = {
      ...running,
      status: 'failed' as const,
      completed_at: new Date().toISOString(),
      duration_ms: 12,
      exit_code: 2,
      error: { code: 'execution_failed', message: 'boom', retryable: false },
    };

    await subject.store.save(final);

    expect(await subject.store.get(running.id)).toEqual(final);
  });

  it('should report null when the id is unknown or deleted', async () => {
    const running = invocationFixture();
    await subject.store.save(running);

    await subject.store.delete(running.id);

    expect(await subject.store.get(running.id)).toBeNull();
    expect(await subject.store.get('inv-missing')).toBeNull();
  });

  it('should give the key to the first claimer and name it to the second when correlating', async () => {
    const first = invocationFixture({ correlation_id: 'req-1' });
    const second = invocationFixture({ correlation_id: 'req-1' });
    await subject.store.save(first);
    await subject.store.save(second);

    expect(await subject.store.claimCorrelation(key, first.id)).toBeNull();
    expect(await subject.store.claimCorrelation(key, second.id)).toBe(first.id);
    expect(await subject.store.findByCorrelation(key)).toBe(first.id);
  });

  it('should find nothing when no invocation claimed the correlation', async () => {
    expect(await subject.store.findByCorrelation(key)).toBeNull();
  });

  it('should keep keys apart when their parts only differ by where a colon or space falls', async () => {
    const first = invocationFixture();
    const second = invocationFixture();
    await subject.store.save(first);
    await subject.store.save(second);
    const left = { sessionId: 'a:b', toolName: 'c', correlationId: 'x y' };
    const right = { sessionId: 'a', toolName: 'b:c', correlationId: 'x y' };

    expect(await subject.store.claimCorrelation(left, first.id)).toBeNull();
    expect(await subject.store.claimCorrelation(right, second.id)).toBeNull();
    expect(await subject.store.findByCorrelation(left)).toBe(first.id);
    expect(await subject.store.findByCorrelation(right)).toBe(second.id);
  });

  it('should release the correlation when its owner record is deleted', async () => {
    const loser = invocationFixture({ correlation_id: 'req-1' });
    const owner = invocationFixture({ correlation_id: 'req-1' });
    const next = invocationFixture({ correlation_id: 'req-1' });
    await subject.store.save(owner);
    await subject.store.save(loser);
    await subject.store.save(next);
    await subject.store.claimCorrelation(key, owner.id);
    expect(await subject.store.claimCorrelation(key, loser.id)).toBe(owner.id);

    await subject.store.delete(loser.id);
    expect(await subject.store.findByCorrelation(key)).toBe(owner.id);
    await subject.store.delete(owner.id);

    expect(await subject.store.findByCorrelation(key)).toBeNull();
    expect(await subject.store.claimCorrelation(key, next.id)).toBeNull();
  });

  it('should return a blob byte for byte when the terminal save kept it with the record', async () => {
    const record = invocationFixture();
    await subject.store.save(record);
    const bytes = Buffer.from([0x7b, 0x00, 0xff, 0xfe, 0x0a, 0xe2, 0x82, 0xac]);
    const final = {
      ...record,
      status: 'succeeded' as const,
      output_ref: 'artifact-00000000000000a1',
    };

    await subject.store.saveTerminal(final, [{ id: 'artifact-00000000000000a1', data: bytes }]);

    expect(await subject.store.get(record.id)).toMatchObject({ status: 'succeeded' });
    expect(await subject.store.getBlob(record.id, 'artifact-00000000000000a1')).toEqual(bytes);
    expect(await subject.store.getBlob(record.id, 'artifact-00000000000000a2')).toBeNull();
    expect(await subject.store.getBlob('inv-missing', 'artifact-00000000000000a1')).toBeNull();
  });

  it('should keep every byte value of a blob apart from the buffers the caller and readers hold', async () => {
    const record = invocationFixture();
    await subject.store.save(record);
    const every = Buffer.from(Array.from({ length: 256 }, (_, byte) => byte));
    const given = Buffer.from(every);
    const final = {
      ...record,
      status: 'succeeded' as const,
      output_ref: 'artifact-00000000000000a3',
    };

    await subject.store.saveTerminal(final, [{ id: 'artifact-00000000000000a3', data: given }]);
    given.fill(0);
    const read = await subject.store.getBlob(record.id, 'artifact-00000000000000a3');
    read?.fill(1);

    expect(read).toHaveLength(256);
    expect(await subject.store.getBlob(record.id, 'artifact-00000000000000a3')).toEqual(every);
  });

  it('should keep blobs apart by invocation when two records carry the same blob id', async () => {
    const first = invocationFixture();
    const second = invocationFixture();
    const blob = (data: string) => [{ id: 'artifact-00000000000000b1', data: Buffer.from(data) }];

    await subject.store.saveTerminal({ ...first, status: 'succeeded' }, blob('first'));
    await subject.store.saveTerminal({ ...second, status: 'succeeded' }, blob('other'));

    expect(await subject.store.getBlob(first.id, 'artifact-00000000000000b1')).toEqual(
      Buffer.from('first'),
    );
    expect(await subject.store.getBlob(second.id, 'artifact-00000000000000b1')).toEqual(
      Buffer.from('other'),
    );
  });

  it('should write the record, its blobs and the events together when saving final', async () => {
    const running = invocationFixture();
    await subject.store.save(running);
    const final = {
      ...running,
      status: 'succeeded' as const,
      logs_ref: 'artifact-00000000000000d2',
    };
    const events = new MemoryInvocationEvents(new SystemClock(), 3600);
    const blobs = [
      { id: 'artifact-00000000000000d1', data: Buffer.from('{"out":1}') },
      { id: 'artifact-00000000000000d2', data: Buffer.from('{"message":"x"}\n') },
    ];

    expect(await subject.store.saveFinal(final, events, [done(final)], blobs)).toBe(true);

    expect((await subject.store.get(final.id))?.status).toBe('succeeded');
    expect(await subject.store.getBlob(final.id, 'artifact-00000000000000d1')).toEqual(
      Buffer.from('{"out":1}'),
    );
    expect(await subject.store.getBlob(final.id, 'artifact-00000000000000d2')).toEqual(
      Buffer.from('{"message":"x"}\n'),
    );
    expect((await events.read(final.id, null)).map((event) => event.event)).toEqual(['done']);
  });

  it('should refuse a second ending and write none of its blobs or events', async () => {
    const running = invocationFixture();
    await subject.store.save(running);
    const first = { ...running, status: 'failed' as const, error: lost };
    await subject.store.save(first);
    const late = {
      ...running,
      status: 'succeeded' as const,
      output_ref: 'artifact-00000000000000e1',
    };
    const events = new MemoryInvocationEvents(new SystemClock(), 3600);
    const blobs = [{ id: 'artifact-00000000000000e1', data: Buffer.from('{"late":1}') }];

    const refused = subject.store.saveFinal(late, events, [done(late)], blobs);

    await expect(refused).rejects.toBeInstanceOf(InvocationFinishedElsewhereError);
    await expect(refused).rejects.toMatchObject({ record: { status: 'failed' } });
    await expect(subject.store.saveTerminal(late, blobs)).rejects.toBeInstanceOf(
      InvocationFinishedElsewhereError,
    );
    expect(await subject.store.get(running.id)).toEqual({ ...first, logs: [] });
    expect(await subject.store.getBlob(running.id, 'artifact-00000000000000e1')).toBeNull();
    expect(await events.read(running.id, null)).toEqual([]);
  });

  it('should drop the blobs with the record when it is deleted', async () => {
    const record = invocationFixture();
    await subject.store.saveTerminal({ ...record, status: 'succeeded' }, [
      { id: 'artifact-00000000000000c1', data: Buffer.from('{}') },
    ]);

    await subject.store.delete(record.id);

    expect(await subject.store.getBlob(record.id, 'artifact-00000000000000c1')).toBeNull();
  });

  it('should report healthy and evict without error when asked by the sweeper', async () => {
    expect(await subject.store.check()).toBeNull();
    expect(await subject.store.evictExpired()).toBeGreaterThanOrEqual(0);
  });
}
