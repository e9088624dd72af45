import { runConnectionTool, failureOf } from '#app/connections/testing';
import type { JsonObject } from '#app/contracts';
import { MongoWireFake, mongoProfiles } from '#app/tools/mongo/testing';
import { MongoFindTool } from './find.tool.js';

const OID = '65a1b2c3d4e5f60718293a4b';

describe('MongoFindTool (mongodb-mock-server wire-protocol fake)', () => {
  let fake: MongoWireFake;
  let tool: MongoFindTool;
  let metadata: Record<string, string>;
  let leases: ReturnType<typeof mongoProfiles>['leases'];

  const find = (args: JsonObject): Promise<JsonObject> =>
    runConnectionTool(
      tool,
      { profile_id: 'test.mongo', database: 'sandbox', collection: 'orders', ...args },
      { metadata },
    ).then((result) => result.output as JsonObject);

  beforeAll(async () => {
    fake = await MongoWireFake.start({
      orders: [
        { _id: MongoWireFake.objectId(OID), status: 'new', n: 1 },
        { _id: 2, status: 'new', n: 2 },
        { _id: 3, status: 'done', n: 3 },
        { _id: 4, status: 'new', n: 4 },
        { _id: 5, status: 'new', n: 5 },
      ],
    });
    const fixture = mongoProfiles(fake.endpoint, ['sandbox', 'team_*']);
    tool = new MongoFindTool(fixture.profiles, fixture.leases);
    metadata = fixture.metadata;
    leases = fixture.leases;
  });

  afterAll(() => fake.stop());

  it('should return documents as relaxed Extended JSON across cursor batches', async () => {
    const output = await find({ filter: { status: 'new' } });
    expect(output).toMatchObject({
      profile_id: 'test.mongo',
      database: 'sandbox',
      collection: 'orders',
      document_count: 4,
      effective_limit: 50,
      truncated: false,
    });
    const documents = output['documents'] as JsonObject[];
    expect(documents[0]).toEqual({ _id: { $oid: OID }, status: 'new', n: 1 });
    expect(documents.map((document) => document['n'])).toEqual([1, 2, 4, 5]);
    expect(output['total_bytes']).toBe(
      documents.reduce((sum, document) => sum + Buffer.byteLength(JSON.stringify(document)), 0),
    );
    expect(fake.received('getMore').length).toBeGreaterThan(0);
    expect(leases.openCount).toBe(0);
  });

  it('should send the filter as Extended JSON with the projection, sort and server-side limit', async () => {
    await find({ filter: { _id: { $oid: OID } }, projection: { n: 1 }, sort: { n: -1 }, limit: 3 });
    const command = fake.received('find').at(-1) ?? {};
    expect(String((command['filter'] as Record<string, unknown>)['_id'])).toBe(OID);
    expect(command).toMatchObject({
      find: 'orders',
      projection: { n: 1 },
      sort: { n: -1 },
      limit: 3,
    });
    expect(typeof command['maxTimeMS']).toBe('number');
    expect((await find({ limit: 1 }))['document_count']).toBe(1);
  });

  it('should keep whole documents within max_bytes and flag the rest as truncated', async () => {
    // 64 bytes ({"_id":{"$oid":…},"status":"new","n":1}) + 30 bytes; the third would pass 100.
    const output = await find({ filter: { status: 'new' }, max_bytes: 100 });
    expect(output).toMatchObject({ document_count: 2, total_bytes: 94, truncated: true });
    expect((output['documents'] as JsonObject[]).map((document) => document['n'])).toEqual([1, 2]);
    expect(await find({ max_bytes: 1 })).toMatchObject({
      documents: [],
      document_count: 0,
      total_bytes: 0,
      truncated: true,
    });
  });

  it('should accept the mongodb kind alias and refuse a database outside the profile scope', async () => {
    expect(await find({ profile_id: 'alias.mongo', database: 'team_a', limit: 1 })).toMatchObject({
      document_count: 1,
    });
    expect(await failureOf(find({ database: 'admin' }))).toEqual({
      code: 'policy_denied',
      message: 'database outside profile allowlist',
      retryable: false,
    });
    expect(await failureOf(find({ database: 'sandbox2' }))).toMatchObject({
      code: 'policy_denied',
    });
    expect(await failureOf(find({ profile_id: 'other.kind' }))).toMatchObject({
      code: 'invalid_argument',
      message: 'profile other.kind has kind kafka, expected mongo',
    });
  });

  it('should refuse a filter that is not valid Extended JSON before connecting', async () => {
    const before = fake.commands.length;
    expect(await failureOf(find({ filter: { _id: { $oid: 'nope' } } }))).toMatchObject({
      code: 'invalid_argument',
    });
    expect(fake.commands.length).toBe(before);
  });

  it('should map a server error to execution_failed and a slow server to timeout', async () => {
    expect(await failureOf(find({ collection: 'fails' }))).toEqual({
      code: 'execution_failed',
      message: 'mongo operation failed: unknown top level operator: $bogus',
      retryable: false,
    });
    const started = Date.now();
    expect(await failureOf(find({ collection: 'slow', timeout_ms: 300 }))).toMatchObject({
      code: 'timeout',
      retryable: true,
    });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(leases.openCount).toBe(0);
  });

  it('should answer execution_failed retryable within the budget when the server is unreachable', async () => {
    const started = Date.now();
    expect(await failureOf(find({ profile_id: 'down.mongo', timeout_ms: 300 }))).toMatchObject({
      code: 'execution_failed',
      retryable: true,
    });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
