import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { KafkaMockCluster } from '#app/tools/kafka/testing';
import { MongoWireFake } from '#app/tools/mongo/testing';
import { startTestApp, type TestApp } from './support/test-app.js';

// Substitutes, loopback only (STACK.md): librdkafka's mock cluster via kcat (skipped loudly when
// kcat is missing, fails under CI=true), mongodb-mock-server, and a node:http server.
const kafka = await KafkaMockCluster.start();

const run = randomUUID().slice(0, 8);
const topic = `wes-e2e.${run}`;

describe('connectors 2 (CATALOG.md 10, 12, 15)', () => {
  let t: TestApp;
  let mongo: MongoWireFake;
  let http: Server;
  let devops: string;
  let developer: string;

  const invoke = (session: string, tool: string, args: object, approved = false) =>
    t.request('POST', `/v1/sessions/${session}/tools/${tool}/invoke`, { body: { args, approved } });

  async function createSession(roles: string[], metadata: Record<string, string>): Promise<string> {
    const response = await t.request('POST', '/v1/sessions', {
      body: { principal: { tenant_id: 'demo', actor_id: 'ops', roles }, metadata },
    });
    expect(response.status).toBe(201);
    return response.body.session.id;
  }

  beforeAll(async () => {
    mongo = await MongoWireFake.start({
      orders: [
        { _id: 1, status: 'new' },
        { _id: 2, status: 'done' },
      ],
    });
    http = createServer((_request, response) => response.end('ok'));
    http.listen(0, '127.0.0.1');
    await once(http, 'listening');
    const endpoints = {
      'e2e.kafka': kafka?.bootstrap ?? '127.0.0.1:1',
      'e2e.mongo': mongo.endpoint,
      'e2e.api': `127.0.0.1:${(http.address() as AddressInfo).port}`,
    };
    const profiles = [
      { id: 'e2e.kafka', kind: 'kafka', read_only: false, scopes: { topics: ['wes-e2e.*'] } },
      { id: 'e2e.mongo', kind: 'mongodb', read_only: true, scopes: { databases: ['sandbox'] } },
      { id: 'e2e.api', kind: 'api', read_only: true, scopes: { routes: ['/health'] } },
    ];
    t = await startTestApp({
      WORKSPACE_CONN_PROFILE_ENDPOINTS_JSON: JSON.stringify(endpoints),
      WORKSPACE_CONN_PROFILES_JSON: JSON.stringify(profiles),
    });
    const metadata = { connection_profiles_json: JSON.stringify(profiles) };
    devops = await createSession(['devops'], metadata);
    developer = await createSession(['developer'], metadata);
  });

  afterAll(async () => {
    await t.close();
    await mongo.stop();
    await new Promise<void>((resolve) => http.close(() => resolve()));
    await kafka?.stop();
  });

  it.each([
    ['kafka.produce', { profile_id: 'e2e.kafka', topic, value: 'x' }],
    ['kafka.consume', { profile_id: 'e2e.kafka', topic }],
    ['kafka.topic_metadata', { profile_id: 'e2e.kafka', topic }],
    ['mongo.find', { profile_id: 'e2e.mongo', database: 'sandbox', collection: 'orders' }],
    ['mongo.aggregate', { profile_id: 'e2e.mongo', database: 'sandbox', collection: 'orders' }],
    [
      'api.benchmark',
      { profile_id: 'e2e.api', request: { path: '/health' }, load: { duration_ms: 100 } },
    ],
  ])('should refuse %s to a developer session with 403', async (tool, args) => {
    const response = await invoke(developer, tool, args, true);
    expect(response.status).toBe(403);
    expect(response.body.error).toEqual({
      code: 'policy_denied',
      message: 'principal roles cannot access tool scope',
      retryable: false,
    });
  });

  it('should list the new connector tools for devops', async () => {
    const names = (await t.request('GET', `/v1/sessions/${devops}/tools`)).body.tools.map(
      (tool: { name: string }) => tool.name,
    );
    for (const name of [
      'kafka.consume',
      'kafka.produce',
      'kafka.topic_metadata',
      'mongo.find',
      'mongo.aggregate',
      'api.benchmark',
    ]) {
      expect(names).toContain(name);
    }
  });

  (kafka ? it : it.skip)(
    'should produce with approval to the kcat mock cluster and consume the record back',
    async () => {
      expect(
        (
          await invoke(devops, 'kafka.produce', {
            profile_id: 'e2e.kafka',
            topic,
            value: 'hello kafka',
          })
        ).status,
      ).toBe(428);
      const produced = await invoke(
        devops,
        'kafka.produce',
        { profile_id: 'e2e.kafka', topic, key: 'k', value: 'hello kafka' },
        true,
      );
      expect(produced.status).toBe(200);
      expect(produced.body.invocation.output).toEqual({
        profile_id: 'e2e.kafka',
        topic,
        partition: 0,
        key_bytes: 1,
        value_bytes: 11,
        produced: true,
        offset: 0,
      });
      const consumed = await invoke(devops, 'kafka.consume', {
        profile_id: 'e2e.kafka',
        topic,
        offset: 'earliest',
        max_messages: 1,
      });
      expect(consumed.status).toBe(200);
      expect(consumed.body.invocation.output).toMatchObject({
        offset_mode: 'earliest',
        message_count: 1,
      });
      expect(
        Buffer.from(consumed.body.invocation.output.messages[0].value_base64, 'base64').toString(),
      ).toBe('hello kafka');
      const metadata = await invoke(devops, 'kafka.topic_metadata', {
        profile_id: 'e2e.kafka',
        topic,
      });
      expect(metadata.status).toBe(200);
      expect(metadata.body.invocation.output.partition_count).toBeGreaterThan(0);
    },
  );

  it('should find documents in the mock MongoDB as Extended JSON', async () => {
    const found = await invoke(devops, 'mongo.find', {
      profile_id: 'e2e.mongo',
      database: 'sandbox',
      collection: 'orders',
      filter: { status: 'new' },
    });
    expect(found.status).toBe(200);
    expect(found.body.invocation.output).toMatchObject({
      documents: [{ _id: 1, status: 'new' }],
      document_count: 1,
      truncated: false,
    });
    const denied = await invoke(devops, 'mongo.aggregate', {
      profile_id: 'e2e.mongo',
      database: 'sandbox',
      collection: 'orders',
      pipeline: [{ $out: 'x' }],
    });
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toBe('aggregation stage $out is not allowed');
  });

  it('should run a 1 s api.benchmark against a local server and serve its report artifact', async () => {
    const response = await invoke(
      devops,
      'api.benchmark',
      {
        profile_id: 'e2e.api',
        request: { path: '/health' },
        load: { duration_ms: 1000, vus: 1 },
        thresholds: { error_rate: 0.5 },
      },
      true,
    );
    expect(response.status).toBe(200);
    const invocation = response.body.invocation;
    expect(invocation.output).toMatchObject({
      thresholds: { passed: true },
      artifacts: ['benchmark-summary.json'],
      exit_code: 0,
    });
    expect(invocation.output.requests).toBeGreaterThan(0);
    const artifact = invocation.artifacts.find(
      (entry: { name: string }) => entry.name === 'benchmark-summary.json',
    );
    expect(artifact).toBeDefined();
    const download = await t.request('GET', artifact.download_path);
    expect(download.status).toBe(200);
    expect(JSON.parse(download.text)).toMatchObject({
      profile_id: 'e2e.api',
      requests: invocation.output.requests,
    });
    const readOnly = await invoke(
      devops,
      'api.benchmark',
      { profile_id: 'e2e.api', request: { method: 'POST', path: '/health' } },
      true,
    );
    expect(readOnly.status).toBe(403);
    expect(readOnly.body.error.message).toBe('profile is read_only');
  });
});
