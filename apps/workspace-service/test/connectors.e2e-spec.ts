import { randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import amqp from 'amqplib';
import { requireService } from '#app/testing';
import { startTestApp, type TestApp } from './support/test-app.js';

// Real local services (loopback only); each family is skipped loudly when its service is down,
// and fails under CI=true.
const up = {
  nats: await requireService('NATS', '127.0.0.1', 4222),
  rabbit: await requireService('RabbitMQ', '127.0.0.1', 5672),
  redis: await requireService('Redis', '127.0.0.1', 6379),
};

const run = randomUUID().slice(0, 8);
const subject = `wes-e2e.${run}.events`;
const queue = `wes-e2e.${run}`;
const keyPrefix = `wes-e2e:${run}:`;

const endpoints = {
  'e2e.nats': 'nats://127.0.0.1:4222',
  'e2e.rabbit': 'amqp://guest:guest@127.0.0.1:5672/',
  'e2e.redis': '127.0.0.1:6379',
};

// The profiles are server configuration (WORKSPACE_CONN_PROFILES_JSON); the session lists them
// unchanged (a narrowing that changes nothing), so only these three are visible.
const profiles = [
  {
    id: 'e2e.nats',
    kind: 'nats',
    description: 'local NATS',
    read_only: false,
    scopes: { subjects: [`wes-e2e.${run}.>`] },
  },
  { id: 'e2e.rabbit', kind: 'rabbitmq', read_only: false, scopes: { queues: [queue] } },
  { id: 'e2e.redis', kind: 'redis', read_only: false, scopes: { key_prefixes: [keyPrefix] } },
];
const metadata = { connection_profiles_json: JSON.stringify(profiles) };

async function createSession(t: TestApp, roles: string[]): Promise<string> {
  const response = await t.request('POST', '/v1/sessions', {
    body: { principal: { tenant_id: 'demo', actor_id: 'ops', roles }, metadata },
  });
  expect(response.status).toBe(201);
  return response.body.session.id;
}

describe('connectors (CATALOG.md 9, 11, 13, 14)', () => {
  let t: TestApp;
  let devops: string;

  const invoke = (session: string, tool: string, args: object, approved = false) =>
    t.request('POST', `/v1/sessions/${session}/tools/${tool}/invoke`, { body: { args, approved } });

  beforeAll(async () => {
    t = await startTestApp({
      WORKSPACE_CONN_PROFILE_ENDPOINTS_JSON: JSON.stringify(endpoints),
      // Plus the built-in read-only dev.redis, for sessions without a list of their own.
      WORKSPACE_CONN_PROFILES_JSON: JSON.stringify([
        ...profiles,
        {
          id: 'dev.redis',
          kind: 'redis',
          read_only: true,
          scopes: { key_prefixes: ['sandbox:', 'dev:'] },
        },
      ]),
    });
    devops = await createSession(t, ['devops']);
  });

  afterAll(() => t.close());

  it('should list the custom profiles without endpoints or credentials', async () => {
    const response = await invoke(devops, 'conn.list_profiles', {});
    expect(response.status).toBe(200);
    expect(
      response.body.invocation.output.profiles.map((profile: { id: string }) => profile.id),
    ).toEqual(['e2e.nats', 'e2e.rabbit', 'e2e.redis']);
    expect(response.text).not.toContain('guest:guest');
    expect(response.text).not.toContain('127.0.0.1');
  });

  it('should list every connector tool for devops and none of the external ones for a developer', async () => {
    const developer = await createSession(t, ['developer']);
    const names = async (id: string): Promise<string[]> =>
      (await t.request('GET', `/v1/sessions/${id}/tools`)).body.tools.map(
        (tool: { name: string }) => tool.name,
      );
    const devopsTools = await names(devops);
    for (const name of [
      'conn.list_profiles',
      'nats.publish',
      'rabbit.consume',
      'redis.set',
      'redis.del',
    ]) {
      expect(devopsTools).toContain(name);
    }
    const developerTools = await names(developer);
    expect(developerTools).toContain('conn.describe_profile');
    expect(developerTools.filter((name) => /^(nats|rabbit|redis)\./.test(name))).toEqual([]);
  });

  it.each([
    ['nats.publish', { profile_id: 'e2e.nats', subject }],
    ['nats.request', { profile_id: 'e2e.nats', subject }],
    ['nats.subscribe_pull', { profile_id: 'e2e.nats', subject }],
    ['rabbit.publish', { profile_id: 'e2e.rabbit', queue }],
    ['rabbit.consume', { profile_id: 'e2e.rabbit', queue }],
    ['rabbit.queue_info', { profile_id: 'e2e.rabbit', queue }],
    ['redis.get', { profile_id: 'e2e.redis', key: `${keyPrefix}k` }],
    ['redis.mget', { profile_id: 'e2e.redis', keys: [`${keyPrefix}k`] }],
    ['redis.scan', { profile_id: 'e2e.redis', prefix: keyPrefix }],
    ['redis.ttl', { profile_id: 'e2e.redis', key: `${keyPrefix}k` }],
    ['redis.exists', { profile_id: 'e2e.redis', keys: [`${keyPrefix}k`] }],
    ['redis.set', { profile_id: 'e2e.redis', key: `${keyPrefix}k`, value: 'v', ttl_seconds: 60 }],
    ['redis.del', { profile_id: 'e2e.redis', keys: [`${keyPrefix}k`] }],
  ])('should refuse %s to a developer session with 403', async (tool, args) => {
    const developer = await createSession(t, ['developer']);
    const response = await invoke(developer, tool, args, true);
    expect(response.status).toBe(403);
    expect(response.body.error).toEqual({
      code: 'policy_denied',
      message: 'principal roles cannot access tool scope',
      retryable: false,
    });
  });

  it('should require approval before a write and refuse a write through a built-in read-only profile', async () => {
    const unapproved = await invoke(devops, 'redis.set', {
      profile_id: 'e2e.redis',
      key: `${keyPrefix}x`,
      value: 'v',
      ttl_seconds: 60,
    });
    expect(unapproved.status).toBe(428);
    const session = (
      await t.request('POST', '/v1/sessions', {
        body: { principal: { tenant_id: 'demo', actor_id: 'ops', roles: ['devops'] } },
      })
    ).body.session.id;
    const readOnly = await invoke(
      session,
      'redis.set',
      { profile_id: 'dev.redis', key: 'dev:x', value: 'v', ttl_seconds: 60 },
      true,
    );
    expect(readOnly.status).toBe(403);
    expect(readOnly.body.error.message).toBe('profile is read_only');
  });

  it('should refuse TTL 0 and TTL over 7 days with 400 before running the tool', async () => {
    for (const ttl of [0, 604_801]) {
      const response = await invoke(
        devops,
        'redis.set',
        { profile_id: 'e2e.redis', key: `${keyPrefix}x`, value: 'v', ttl_seconds: ttl },
        true,
      );
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('invalid_argument');
    }
  });

  (up.nats ? it : it.skip)(
    'should publish to NATS with approval and read it back from the stream',
    async () => {
      const nc = await connect({ servers: endpoints['e2e.nats'] });
      const jsm = await jetstreamManager(nc);
      const stream = `WES_E2E_${run.toUpperCase()}`;
      await jsm.streams.add({ name: stream, subjects: [`wes-e2e.${run}.>`], storage: 'memory' });
      try {
        const published = await invoke(
          devops,
          'nats.publish',
          { profile_id: 'e2e.nats', subject, payload: 'hello nats' },
          true,
        );
        expect(published.status).toBe(200);
        expect(published.body.invocation.output).toMatchObject({
          published: true,
          payload_bytes: 10,
        });
        const read = await invoke(devops, 'nats.subscribe_pull', {
          profile_id: 'e2e.nats',
          subject,
          deliver: 'all',
        });
        expect(read.status).toBe(200);
        expect(read.body.invocation.output).toMatchObject({
          mode: 'jetstream',
          stream,
          message_count: 1,
        });
        expect(
          Buffer.from(read.body.invocation.output.messages[0].data_base64, 'base64').toString(),
        ).toBe('hello nats');
      } finally {
        await jsm.streams.delete(stream);
        await nc.close();
      }
    },
  );

  (up.rabbit ? it : it.skip)(
    'should publish to RabbitMQ with approval and peek at it',
    async () => {
      const connection = await amqp.connect(endpoints['e2e.rabbit'], { timeout: 2000 });
      const channel = await connection.createChannel();
      await channel.assertQueue(queue, { durable: false });
      try {
        const published = await invoke(
          devops,
          'rabbit.publish',
          { profile_id: 'e2e.rabbit', queue, payload: 'hello rabbit' },
          true,
        );
        expect(published.status).toBe(200);
        const peeked = await invoke(devops, 'rabbit.consume', {
          profile_id: 'e2e.rabbit',
          queue,
          timeout_ms: 500,
        });
        expect(peeked.status).toBe(200);
        expect(peeked.body.invocation.output).toMatchObject({ message_count: 1, requeued: true });
        expect(
          Buffer.from(peeked.body.invocation.output.messages[0].body_base64, 'base64').toString(),
        ).toBe('hello rabbit');
        const info = await invoke(devops, 'rabbit.queue_info', { profile_id: 'e2e.rabbit', queue });
        expect(info.body.invocation.output).toEqual({
          profile_id: 'e2e.rabbit',
          queue,
          messages: 1,
          consumers: 0,
        });
      } finally {
        await channel.deleteQueue(queue);
        await connection.close();
      }
    },
  );

  (up.redis ? it : it.skip)(
    'should write to Redis with approval, read it back and delete it',
    async () => {
      const key = `${keyPrefix}greeting`;
      const direct = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true });
      try {
        const written = await invoke(
          devops,
          'redis.set',
          { profile_id: 'e2e.redis', key, value: 'hello redis', ttl_seconds: 120 },
          true,
        );
        expect(written.status).toBe(200);
        const read = await invoke(devops, 'redis.get', { profile_id: 'e2e.redis', key });
        expect(Buffer.from(read.body.invocation.output.value_base64, 'base64').toString()).toBe(
          'hello redis',
        );
        const deleted = await invoke(
          devops,
          'redis.del',
          { profile_id: 'e2e.redis', keys: [key] },
          true,
        );
        expect(deleted.body.invocation.output).toEqual({
          profile_id: 'e2e.redis',
          keys_requested: 1,
          deleted: 1,
        });
      } finally {
        await direct.del(`${keyPrefix}greeting`).catch(() => 0);
        direct.disconnect();
      }
    },
  );
});
