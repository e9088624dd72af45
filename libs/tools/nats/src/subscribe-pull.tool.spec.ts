import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  runConnectionTool,
  failureOf,
  LOCAL_SERVICES,
  localProfiles,
  uniqueName,
} from '#app/connections/testing';
import type { JsonObject } from '#app/contracts';
import { requireService } from '#app/testing';
import { NatsSubscribePullTool } from './subscribe-pull.tool.js';

const natsUp = await requireService('NATS', LOCAL_SERVICES.nats.host, LOCAL_SERVICES.nats.port);

(natsUp ? describe : describe.skip)('NatsSubscribePullTool (real NATS)', () => {
  const root = uniqueName('wes-test');
  const stream = root.replace(/[^A-Za-z0-9]/g, '_').toUpperCase();
  const { profiles, leases, metadata } = localProfiles('nats', { subjects: [`${root}.>`] });
  const tool = new NatsSubscribePullTool(profiles, leases);
  let nc: NatsConnection;
  let jsm: JetStreamManager;

  const pull = (args: JsonObject, extra: Record<string, string> = {}): Promise<JsonObject> =>
    runConnectionTool(
      tool,
      { profile_id: 'ro.nats', ...args },
      { metadata: { ...metadata, ...extra } },
    ).then((result) => result.output as JsonObject);

  beforeAll(async () => {
    nc = await connect({ servers: LOCAL_SERVICES.nats.endpoint });
    jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: stream, subjects: [`${root}.history.>`], storage: 'memory' });
    const js = jetstream(nc);
    for (const body of ['one', 'two', 'three']) {
      await js.publish(`${root}.history.orders`, body);
    }
  });

  afterAll(async () => {
    await jsm.streams.delete(stream);
    await nc.close();
  });

  it('should read the stored history in order when deliver is all, and leave no consumer behind', async () => {
    const output = await pull({ subject: `${root}.history.orders`, deliver: 'all' });
    expect(output).toMatchObject({
      mode: 'jetstream',
      stream,
      deliver: 'all',
      message_count: 3,
      total_bytes: 11,
      truncated: false,
    });
    expect(output['messages']).toEqual([
      {
        subject: `${root}.history.orders`,
        data_base64: Buffer.from('one').toString('base64'),
        size_bytes: 3,
        data_trimmed: false,
        sequence: 1,
      },
      {
        subject: `${root}.history.orders`,
        data_base64: Buffer.from('two').toString('base64'),
        size_bytes: 3,
        data_trimmed: false,
        sequence: 2,
      },
      {
        subject: `${root}.history.orders`,
        data_base64: Buffer.from('three').toString('base64'),
        size_bytes: 5,
        data_trimmed: false,
        sequence: 3,
      },
    ]);
    expect((await jsm.streams.info(stream)).state.consumer_count).toBe(0);
    expect((await jsm.streams.info(stream)).state.messages).toBe(3);
  });

  it('should return only the last stored message when deliver is last', async () => {
    const output = await pull({ subject: `${root}.history.>`, deliver: 'last' });
    expect(output).toMatchObject({ mode: 'jetstream', message_count: 1 });
    expect((output['messages'] as JsonObject[])[0]).toMatchObject({ sequence: 3 });
  });

  it('should share the byte budget, cutting then dropping messages', async () => {
    const output = await pull({ subject: `${root}.history.orders`, deliver: 'all', max_bytes: 5 });
    expect(output).toMatchObject({ message_count: 2, total_bytes: 5, truncated: true });
    expect((output['messages'] as JsonObject[])[1]).toMatchObject({
      data_base64: Buffer.from('tw').toString('base64'),
      data_trimmed: true,
    });
  });

  it('should stop at max_messages', async () => {
    expect(
      await pull({ subject: `${root}.history.orders`, deliver: 'all', max_messages: 2 }),
    ).toMatchObject({ message_count: 2 });
  });

  it('should end the batch normally at the timeout when deliver is new and nothing arrives', async () => {
    const started = Date.now();
    expect(await pull({ subject: `${root}.history.orders`, timeout_ms: 300 })).toMatchObject({
      mode: 'jetstream',
      message_count: 0,
      deliver: 'new',
    });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('should collect live messages in core mode when no stream captures the subject', async () => {
    const subject = `${root}.live`;
    const publisher = setInterval(() => nc.publish(subject, 'tick'), 50);
    try {
      const output = await pull({ subject, max_messages: 2, timeout_ms: 3000, deliver: 'all' });
      expect(output).toMatchObject({
        mode: 'core',
        stream: '',
        deliver: 'new',
        message_count: 2,
        truncated: false,
      });
      expect((output['messages'] as JsonObject[])[0]).not.toHaveProperty('sequence');
    } finally {
      clearInterval(publisher);
    }
  });

  it('should refuse a subject outside the profile scope', async () => {
    expect(await failureOf(pull({ subject: 'sandbox.other' }))).toMatchObject({
      code: 'policy_denied',
      message: 'subject outside profile allowlist',
    });
    expect(leases.openCount).toBe(0);
  });

  describe('wildcard widening', () => {
    const narrow = localProfiles('nats', { subjects: [`${root}.history.*`] });
    const narrowTool = new NatsSubscribePullTool(narrow.profiles, narrow.leases);
    const pullNarrow = (
      args: JsonObject,
      extra: Record<string, string> = {},
    ): Promise<JsonObject> =>
      runConnectionTool(
        narrowTool,
        { profile_id: 'ro.nats', ...args },
        { metadata: { ...narrow.metadata, ...extra } },
      ).then((result) => result.output as JsonObject);

    it.each(['>', '*.>', `${root}.>`, `${root}.history.>`, `${root}.*.*`, `${root}.history.*.*`])(
      'should refuse %s when the profile allows only one token under history',
      async (subject) => {
        expect(await failureOf(pullNarrow({ subject }))).toMatchObject({
          code: 'policy_denied',
          message: 'subject outside profile allowlist',
        });
        expect(narrow.leases.openCount).toBe(0);
      },
    );

    it.each([
      '',
      `${root}..history`,
      `${root}.history.`,
      `${root}.hist ory`,
      `${root}.history.>.x`,
      `${root}.history.a*`,
    ])('should refuse the invalid subject %j before connecting', async (subject) => {
      expect(await failureOf(pullNarrow({ subject }))).toMatchObject({
        code: 'invalid_argument',
        message: 'invalid subject',
      });
    });

    it('should refuse a wildcard wider than the session allowlist even when the profile admits it', async () => {
      const outcome = failureOf(
        pull({ subject: `${root}.history.>` }, { allowed_nats_subjects: `${root}.history.*` }),
      );
      expect(await outcome).toMatchObject({
        code: 'policy_denied',
        message: 'subject not allowed',
      });
    });

    it('should filter the JetStream consumer on the admitted wildcard only (deeper subjects stay unseen)', async () => {
      const js = jetstream(nc);
      await js.publish(`${root}.history.secret.deep`, 'hidden');
      try {
        const output = await pullNarrow({
          subject: `${root}.history.*`,
          deliver: 'all',
          max_messages: 100,
        });
        const subjects = (output['messages'] as JsonObject[]).map((message) => message['subject']);
        expect(output).toMatchObject({ mode: 'jetstream', stream });
        expect(subjects).toEqual([
          `${root}.history.orders`,
          `${root}.history.orders`,
          `${root}.history.orders`,
        ]);
      } finally {
        await jsm.streams.purge(stream, { filter: `${root}.history.secret.deep` });
      }
    });
  });
});
