import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import amqp from 'amqplib';
import { Redis } from 'ioredis';
import { requireService } from '#app/testing';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Issue 11, findings 10, 11, 14 and 16, through HTTP against the real local NATS, RabbitMQ and
// Redis (loopback only; a family is skipped loudly when its service is down, fails under CI=true).
const up = {
  nats: await requireService('NATS', '127.0.0.1', 4222),
  rabbit: await requireService('RabbitMQ', '127.0.0.1', 5672),
  redis: await requireService('Redis', '127.0.0.1', 6379),
};

const run = randomUUID().slice(0, 8);
const subjects = `wes-sec.${run}`;
const allowedQueue = `wes-sec.${run}.allowed`;
const secretQueue = `rt.secret.${run}`;
const keys = `wes-sec:${run}:`;

// Server configuration: the ceiling. dev.redis is read-only, as in the built-in table.
const serverProfiles = [
  { id: 'sec.nats', kind: 'nats', read_only: false, scopes: { subjects: [`${subjects}.*`] } },
  { id: 'wide.nats', kind: 'nats', read_only: true, scopes: { subjects: ['>'] } },
  { id: 'sec.rabbit', kind: 'rabbitmq', read_only: false, scopes: { queues: [allowedQueue] } },
  { id: 'sec.redis', kind: 'redis', read_only: false, scopes: { key_prefixes: [keys] } },
  {
    id: 'dev.redis',
    kind: 'redis',
    read_only: true,
    scopes: { key_prefixes: ['sandbox:', 'dev:'] },
  },
];
const endpoints = {
  'sec.nats': 'nats://127.0.0.1:4222',
  'wide.nats': 'nats://127.0.0.1:4222',
  'sec.rabbit': 'amqp://guest:guest@127.0.0.1:5672/',
  'sec.redis': '127.0.0.1:6379',
  'dev.redis': '127.0.0.1:6379',
  // An endpoint for an id the server does not define as a profile: must never be used.
  'ghost.redis': '127.0.0.1:6379',
};

describe('connector governance (issue 11: findings 10, 11, 14, 16)', () => {
  let t: TestApp;
  let redis: Redis;

  const invoke = (session: string, tool: string, args: object, approved = true) =>
    t.request('POST', `/v1/sessions/${session}/tools/${tool}/invoke`, { body: { args, approved } });

  async function session(metadata: Record<string, string> = {}): Promise<string> {
    const body = {
      principal: { tenant_id: 'sec', actor_id: 'agent', roles: ['devops'] },
      metadata,
    };
    const response = await t.request('POST', '/v1/sessions', { body });
    expect(response.status).toBe(201);
    return response.body.session.id;
  }

  beforeAll(async () => {
    t = await startTestApp({
      WORKSPACE_CONN_PROFILES_JSON: JSON.stringify(serverProfiles),
      WORKSPACE_CONN_PROFILE_ENDPOINTS_JSON: JSON.stringify(endpoints),
    });
    redis = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true });
    redis.on('error', () => undefined);
  });

  afterAll(async () => {
    await t.close();
    if (up.redis) {
      const left = await redis.keys(`${keys}*`);
      await redis.del('prod:wes-sec-widened', `dev:wes-sec-${run}`, ...left);
    }
    redis.disconnect();
  });

  describe('finding 14: session metadata cannot widen a server profile', () => {
    const widened = JSON.stringify([
      { id: 'dev.redis', kind: 'redis', read_only: false, scopes: { key_prefixes: ['*'] } },
    ]);

    (up.redis ? it : it.skip)(
      'should keep dev.redis read-only and inside its prefixes when metadata redefines it',
      async () => {
        const id = await session({ connection_profiles_json: widened });
        const described = await invoke(
          id,
          'conn.describe_profile',
          { profile_id: 'dev.redis' },
          false,
        );
        expect(described.body.invocation.output.profile).toMatchObject({ read_only: true });

        const outside = await invoke(id, 'redis.set', {
          profile_id: 'dev.redis',
          key: 'prod:wes-sec-widened',
          value: 'x',
          ttl_seconds: 60,
        });
        expect(outside.status).toBe(403);
        expect(outside.body.error.code).toBe('policy_denied');
        const inside = await invoke(id, 'redis.set', {
          profile_id: 'dev.redis',
          key: `dev:wes-sec-${run}`,
          value: 'x',
          ttl_seconds: 60,
        });
        expect(inside.status).toBe(403);
        expect(inside.body.error.message).toBe('profile is read_only');
        expect(await redis.exists('prod:wes-sec-widened', `dev:wes-sec-${run}`)).toBe(0);
      },
    );

    (up.redis ? it : it.skip)(
      'should give a session-only profile no endpoint, even one configured for its id',
      async () => {
        const id = await session({
          connection_profiles_json: JSON.stringify([
            { id: 'ghost.redis', kind: 'redis', read_only: false, scopes: { key_prefixes: ['*'] } },
          ]),
        });
        const response = await invoke(id, 'redis.set', {
          profile_id: 'ghost.redis',
          key: `${keys}ghost`,
          value: 'x',
          ttl_seconds: 60,
        });
        expect(response.status).toBe(500);
        expect(response.body.error).toMatchObject({
          code: 'execution_failed',
          message: 'redis profile endpoint not configured',
        });
        expect(await redis.exists(`${keys}ghost`)).toBe(0);
      },
    );
  });

  describe('finding 16: redis key arguments stay inside the prefixes', () => {
    (up.redis ? it : it.skip)(
      'should refuse an empty or wider scan prefix and list only keys of the session prefix',
      async () => {
        await redis.set(`${keys}public:a`, '1', 'EX', 60);
        await redis.set(`${keys}private:b`, '1', 'EX', 60);
        const id = await session({ allowed_redis_key_prefixes: `${keys}public:` });

        const empty = await invoke(
          id,
          'redis.scan',
          { profile_id: 'sec.redis', prefix: '' },
          false,
        );
        expect(empty.status).toBe(400);
        const wider = await invoke(
          id,
          'redis.scan',
          { profile_id: 'sec.redis', prefix: keys },
          false,
        );
        expect(wider.status).toBe(403);
        const glob = await invoke(
          id,
          'redis.scan',
          { profile_id: 'sec.redis', prefix: `${keys}public:*` },
          false,
        );
        expect(glob.body.invocation.output.keys).toEqual([]);
        const listed = await invoke(
          id,
          'redis.scan',
          { profile_id: 'sec.redis', prefix: `${keys}public:` },
          false,
        );
        expect(listed.body.invocation.output.keys).toEqual([`${keys}public:a`]);
        const read = await invoke(
          id,
          'redis.get',
          { profile_id: 'sec.redis', key: `${keys}private:b` },
          false,
        );
        expect(read.status).toBe(403);
      },
    );
  });

  describe('finding 10: RabbitMQ routing is governed', () => {
    let connection: amqp.ChannelModel;
    let channel: amqp.Channel;

    beforeAll(async () => {
      if (!up.rabbit) {
        return;
      }
      connection = await amqp.connect('amqp://guest:guest@127.0.0.1:5672/');
      channel = await connection.createChannel();
      await channel.assertQueue(allowedQueue, { durable: false, autoDelete: false });
      await channel.assertQueue(secretQueue, { durable: false, autoDelete: false });
      await channel.bindQueue(secretQueue, 'amq.direct', secretQueue);
    });

    afterAll(async () => {
      if (!up.rabbit) {
        return;
      }
      await channel.deleteQueue(allowedQueue);
      await channel.deleteQueue(secretQueue);
      await connection.close();
    });

    (up.rabbit ? it : it.skip).each([
      [{ routing_key: secretQueue }, 400],
      [{ exchange: 'amq.default', routing_key: secretQueue }, 400],
      [{ exchange: 'amq.direct', routing_key: secretQueue }, 403],
      [{ exchange: 'amq.topic', routing_key: '#' }, 403],
    ])('should refuse %j and deliver nothing into the forbidden queue', async (route, status) => {
      const id = await session();
      const response = await invoke(id, 'rabbit.publish', {
        profile_id: 'sec.rabbit',
        queue: allowedQueue,
        payload: 'leak',
        ...route,
      });
      expect(response.status).toBe(status);
      expect((await channel.checkQueue(secretQueue)).messageCount).toBe(0);
    });

    (up.rabbit ? it : it.skip)(
      'should still publish to the allowed queue on the default exchange',
      async () => {
        const id = await session();
        const response = await invoke(id, 'rabbit.publish', {
          profile_id: 'sec.rabbit',
          queue: allowedQueue,
          payload: 'ok',
        });
        expect(response.status).toBe(200);
        expect((await channel.checkQueue(allowedQueue)).messageCount).toBe(1);
      },
    );
  });

  describe('finding 11: a NATS wildcard never widens an allowlist', () => {
    (up.nats ? it : it.skip)(
      'should refuse dev.> under dev.* in the profile scope and in the session allowlist',
      async () => {
        const id = await session();
        const wider = await invoke(
          id,
          'nats.subscribe_pull',
          { profile_id: 'sec.nats', subject: `${subjects}.>` },
          false,
        );
        expect(wider.status).toBe(403);
        expect(wider.body.error.message).toBe('subject outside profile allowlist');

        const narrowed = await session({ allowed_nats_subjects: `${subjects}.*` });
        const engine = await invoke(
          narrowed,
          'nats.subscribe_pull',
          { profile_id: 'wide.nats', subject: `${subjects}.>` },
          false,
        );
        expect(engine.status).toBe(403);
        expect(engine.body.error.message).toBe('subject not allowed');
      },
    );

    (up.nats ? it : it.skip)(
      'should read only one-token subjects through an admitted wildcard on a wider stream',
      async () => {
        const nc = await connect({ servers: 'nats://127.0.0.1:4222' });
        const jsm = await jetstreamManager(nc);
        const stream = `WES_SEC_${run.toUpperCase()}`;
        await jsm.streams.add({ name: stream, subjects: [`${subjects}.>`], storage: 'memory' });
        try {
          const js = jetstream(nc);
          await js.publish(`${subjects}.visible`, 'ok');
          await js.publish(`${subjects}.deep.secret`, 'hidden');
          const id = await session();
          const response = await invoke(
            id,
            'nats.subscribe_pull',
            { profile_id: 'sec.nats', subject: `${subjects}.*`, deliver: 'all' },
            false,
          );
          expect(response.status).toBe(200);
          const seen = response.body.invocation.output.messages.map(
            (message: { subject: string }) => message.subject,
          );
          expect(seen).toEqual([`${subjects}.visible`]);
        } finally {
          await jsm.streams.delete(stream);
          await nc.close();
        }
      },
    );
  });
});
