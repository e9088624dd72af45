import { jest } from '@jest/globals';
import { invocationFixture, uniquePrefix } from '../testing/store-fixtures.js';
import {
  deleteKeys,
  openTestConnection,
  redisAvailable,
} from '../testing/valkey-test-connection.js';
import type { Invocation } from '#app/contracts';
import { InvocationFinishedElsewhereError } from '../invocation-store.port.js';
import type { ValkeyConnection } from './valkey-connection.js';
import { ValkeyInvocationEvents } from './valkey-invocation-events.js';
import { ValkeyInvocationStore } from './valkey-invocation-store.js';
import {
  SAVE_FINAL,
  SAVE_FINAL_WITH_EVENTS,
  SAVE_RUNNING,
} from './valkey-invocation-store.scripts.js';
import { MemoryInvocationEvents } from '../memory/memory-invocation-events.js';
import type { NewInvocationEvent } from '../invocation-events.port.js';
import { SystemClock } from '../clock.js';

const describeRedis = (await redisAvailable()) ? describe : describe.skip;

// The terminal save's script (SAVE_FINAL_WITH_EVENTS): record, inline blobs and last events in one
// atomic step, one round trip (docs/STORES.md, "Artifacts kept with the record").
describeRedis('ValkeyInvocationStore terminal save with the last events and blobs', () => {
  let connection: ValkeyConnection;
  let prefix: string;

  beforeAll(async () => {
    connection = await openTestConnection();
    // As on a replica that has run before: the server has the scripts (a first run against a
    // server sends EVALSHA, then EVAL with the text; valkey-script.spec.ts).
    for (const script of [SAVE_RUNNING, SAVE_FINAL, SAVE_FINAL_WITH_EVENTS]) {
      await connection.client.script('LOAD', script.lua);
    }
  });

  afterAll(async () => {
    await connection.close();
  });

  beforeEach(() => {
    prefix = uniquePrefix('invocation-final-events');
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await deleteKeys(connection, prefix);
  });

  // The commands the client sends from now on, by name.
  function commandsSent(): () => string[] {
    const spy = jest.spyOn(connection.client, 'sendCommand');
    return () => spy.mock.calls.map(([command]) => command.name);
  }

  function trailingOf(final: Invocation): NewInvocationEvent[] {
    return [
      { event: 'status', data: { status: 'running', at: final.started_at } },
      { event: 'done', data: { id: final.id, status: final.status } },
    ];
  }

  const blobs = [
    { id: 'artifact-00000000000000f1', data: Buffer.from([0x7b, 0x00, 0xff, 0x7d]) },
    { id: 'artifact-00000000000000f2', data: Buffer.from('{"message":"m"}\n') },
  ];

  it('should save a running record and its running-index entry in one script', async () => {
    const store = new ValkeyInvocationStore(connection, prefix, 300, 'replica-spec');
    const running = invocationFixture();
    const sent = commandsSent();

    await store.save(running);

    expect(sent()).toEqual(['evalsha']);
    expect(await store.get(running.id)).toEqual({ ...running, logs: [] });
    expect(await connection.client.hget(`${prefix}:running`, running.id)).toBe('replica-spec');
    const ttl = await connection.client.ttl(`${prefix}:${running.id}`);
    expect(ttl).toBeGreaterThan(290);
    expect(ttl).toBeLessThanOrEqual(300);
  });

  it('should save the record, leave the running index and append the events in one script', async () => {
    const store = new ValkeyInvocationStore(connection, prefix, 3600);
    const events = new ValkeyInvocationEvents(connection, prefix, 3600);
    const running = invocationFixture();
    await store.save(running);
    const final = invocationFixture({ id: running.id, status: 'succeeded' });
    const sent = commandsSent();

    expect(await store.saveFinal(final, events, trailingOf(final))).toBe(true);

    expect(sent()).toEqual(['evalsha']);
    expect(await store.get(final.id)).toEqual({ ...final, logs: [] });
    expect(await connection.client.hlen(`${prefix}:running`)).toBe(0);
    const stored = await events.read(final.id, null);
    expect(stored.map(({ event, data }) => ({ event, data }))).toEqual(trailingOf(final));
    expect(await connection.client.ttl(events.streamKey(final.id))).toBeGreaterThan(3000);
    expect(await connection.client.exists(`${prefix}:inline:${final.id}`)).toBe(0);
  });

  it('should write the blobs with the record and the events in that one script, with its TTL', async () => {
    const store = new ValkeyInvocationStore(connection, prefix, 300);
    const events = new ValkeyInvocationEvents(connection, prefix, 300);
    const running = invocationFixture();
    await store.save(running);
    const final = invocationFixture({
      id: running.id,
      status: 'succeeded',
      output_ref: blobs[0].id,
      logs_ref: blobs[1].id,
    });
    const sent = commandsSent();

    expect(await store.saveFinal(final, events, trailingOf(final), blobs)).toBe(true);

    expect(sent()).toEqual(['evalsha']);
    expect(await store.getBlob(final.id, blobs[0].id)).toEqual(blobs[0].data);
    expect(await store.getBlob(final.id, blobs[1].id)).toEqual(blobs[1].data);
    const ttl = await connection.client.ttl(`${prefix}:inline:${final.id}`);
    expect(ttl).toBeGreaterThan(290);
    expect(ttl).toBeLessThanOrEqual(300);
    expect((await events.read(final.id, null)).map((event) => event.event)).toEqual([
      'status',
      'done',
    ]);
  });

  it('should write no blob and append nothing when another replica already ended the record', async () => {
    const store = new ValkeyInvocationStore(connection, prefix, 3600);
    const events = new ValkeyInvocationEvents(connection, prefix, 3600);
    const running = invocationFixture();
    await store.save(running);
    const elsewhere = invocationFixture({ id: running.id, status: 'failed' });
    await store.save(elsewhere);
    const late = invocationFixture({
      id: running.id,
      status: 'succeeded',
      output_ref: blobs[0].id,
    });

    await expect(store.saveFinal(late, events, trailingOf(late), blobs)).rejects.toBeInstanceOf(
      InvocationFinishedElsewhereError,
    );

    expect(await events.read(late.id, null)).toEqual([]);
    expect((await store.get(late.id))?.status).toBe('failed');
    expect(await connection.client.exists(`${prefix}:inline:${late.id}`)).toBe(0);
  });

  it('should write no blob when the record was finished as lost before the owner saved', async () => {
    const mine = new ValkeyInvocationStore(connection, prefix, 3600, 'replica-mine');
    const sweeper = new ValkeyInvocationStore(connection, prefix, 3600, 'replica-sweeper');
    const running = invocationFixture();
    await mine.save(running);
    const [lost] = await sweeper.listLost();
    expect(lost?.record.id).toBe(running.id);
    expect(await sweeper.finishLost(lost, { ...running, status: 'failed' })).toBe(true);

    await expect(
      mine.saveTerminal({ ...running, status: 'succeeded', output_ref: blobs[0].id }, blobs),
    ).rejects.toBeInstanceOf(InvocationFinishedElsewhereError);

    expect(await mine.getBlob(running.id, blobs[0].id)).toBeNull();
  });

  it('should save with its blobs, then append, when the events are kept elsewhere', async () => {
    const store = new ValkeyInvocationStore(connection, prefix, 3600);
    const events = new MemoryInvocationEvents(new SystemClock(), 3600);
    const final = invocationFixture({ status: 'succeeded', output_ref: blobs[0].id });

    expect(await store.saveFinal(final, events, trailingOf(final), [blobs[0]])).toBe(true);

    expect(await store.get(final.id)).toEqual({ ...final, logs: [] });
    expect(await store.getBlob(final.id, blobs[0].id)).toEqual(blobs[0].data);
    expect((await events.read(final.id, null)).map((event) => event.event)).toEqual([
      'status',
      'done',
    ]);
  });
});
