import type { InvocationStore } from '../invocation-store.port.js';
import type { StoreUnderTest } from './session-store.contract.js';
import { invocationFixture } from './store-fixtures.js';

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

  it('should return a blob byte for byte when one was kept with the record', async () => {
    const record = invocationFixture();
    await subject.store.save(record);
    const bytes = Buffer.from([0x7b, 0x00, 0xff, 0xfe, 0x0a, 0xe2, 0x82, 0xac]);

    await subject.store.putBlob(record.id, 'artifact-00000000000000a1', bytes);
    await subject.store.save({
      ...record,
      status: 'succeeded',
      output_ref: 'artifact-00000000000000a1',
    });

    expect(await subject.store.getBlob(record.id, 'artifact-00000000000000a1')).toEqual(bytes);
    expect(await subject.store.getBlob(record.id, 'artifact-00000000000000a2')).toBeNull();
    expect(await subject.store.getBlob('inv-missing', 'artifact-00000000000000a1')).toBeNull();
  });

  it('should keep blobs apart by invocation and replace one written again under its id', async () => {
    const first = invocationFixture();
    const second = invocationFixture();
    await subject.store.save(first);
    await subject.store.save(second);

    await subject.store.putBlob(first.id, 'artifact-00000000000000b1', Buffer.from('old'));
    await subject.store.putBlob(first.id, 'artifact-00000000000000b1', Buffer.from('new'));
    await subject.store.putBlob(second.id, 'artifact-00000000000000b1', Buffer.from('other'));

    expect(await subject.store.getBlob(first.id, 'artifact-00000000000000b1')).toEqual(
      Buffer.from('new'),
    );
    expect(await subject.store.getBlob(second.id, 'artifact-00000000000000b1')).toEqual(
      Buffer.from('other'),
    );
  });

  it('should drop the blobs with the record when it is deleted', async () => {
    const record = invocationFixture();
    await subject.store.save(record);
    await subject.store.putBlob(record.id, 'artifact-00000000000000c1', Buffer.from('{}'));

    await subject.store.delete(record.id);

    expect(await subject.store.getBlob(record.id, 'artifact-00000000000000c1')).toBeNull();
  });

  it('should report healthy and evict without error when asked by the sweeper', async () => {
    expect(await subject.store.check()).toBeNull();
    expect(await subject.store.evictExpired()).toBeGreaterThanOrEqual(0);
  });
}
