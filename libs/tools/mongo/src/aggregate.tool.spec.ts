import { runConnectionTool, failureOf } from '#app/connections/testing';
import type { JsonObject } from '#app/contracts';
import { MongoWireFake, mongoProfiles } from '#app/tools/mongo/testing';
import { MongoAggregateTool } from './aggregate.tool.js';

describe('MongoAggregateTool (mongodb-mock-server wire-protocol fake)', () => {
  let fake: MongoWireFake;
  let tool: MongoAggregateTool;
  let metadata: Record<string, string>;

  const aggregate = (args: JsonObject): Promise<JsonObject> =>
    runConnectionTool(
      tool,
      { profile_id: 'test.mongo', database: 'sandbox', collection: 'orders', ...args },
      { metadata },
    ).then((result) => result.output as JsonObject);

  beforeAll(async () => {
    fake = await MongoWireFake.start({
      orders: [1, 2, 3, 4, 5].map((n) => ({ _id: n, status: n % 2 === 0 ? 'done' : 'new', n })),
    });
    const fixture = mongoProfiles(fake.endpoint, ['sandbox']);
    tool = new MongoAggregateTool(fixture.profiles, fixture.leases);
    metadata = fixture.metadata;
  });

  afterAll(() => fake.stop());

  it('should append a $limit stage and run the pipeline through a cursor', async () => {
    const output = await aggregate({ pipeline: [{ $match: { status: 'new' } }], limit: 2 });
    expect(output).toMatchObject({ document_count: 2, effective_limit: 2, truncated: false });
    expect((output['documents'] as JsonObject[]).map((document) => document['n'])).toEqual([1, 3]);
    expect(fake.received('aggregate').at(-1)?.['pipeline']).toEqual([
      { $match: { status: 'new' } },
      { $limit: 2 },
    ]);
    expect((await aggregate({}))['document_count']).toBe(5);
    expect(fake.received('aggregate').at(-1)?.['pipeline']).toEqual([{ $limit: 50 }]);
  });

  it.each<[JsonObject[], string]>([
    [[{ $out: 'copy' }], '$out'],
    [[{ $match: {} }, { $merge: { into: 'copy' } }], '$merge'],
    [[{ $facet: { a: [{ $match: {} }], b: [{ $out: 'x' }] } }], '$out'],
    [
      [
        {
          $lookup: {
            from: 'x',
            as: 'y',
            pipeline: [{ $unionWith: { coll: 'z', pipeline: [{ $merge: 'w' }] } }],
          },
        },
      ],
      '$merge',
    ],
  ])('should refuse a writing stage anywhere in %j before connecting', async (pipeline, stage) => {
    const before = fake.commands.length;
    expect(await failureOf(aggregate({ pipeline }))).toEqual({
      code: 'policy_denied',
      message: `aggregation stage ${stage} is not allowed`,
      retryable: false,
    });
    expect(fake.commands.length).toBe(before);
  });

  it('should keep whole documents within max_bytes', async () => {
    // {"_id":1,"status":"new","n":1} is 30 bytes.
    expect(await aggregate({ max_bytes: 61 })).toMatchObject({
      document_count: 2,
      total_bytes: 61,
      truncated: true,
    });
  });

  it('should map a server error to execution_failed', async () => {
    expect(
      await failureOf(aggregate({ collection: 'fails', pipeline: [{ $match: { a: 1 } }] })),
    ).toMatchObject({
      code: 'execution_failed',
      retryable: false,
    });
  });
});
