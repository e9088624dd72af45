import { Type } from '@sinclair/typebox';
import type { Document } from 'mongodb';
import { ConnectionLeases, ConnectionProfiles, connectionPolicy } from '#app/connections';
import type { JsonObject, JsonValue } from '#app/contracts';
import {
  Defaulted,
  OpaqueObject,
  Tool,
  ToolArgs,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import { DocumentBudget, fromExtendedJson } from './extended-json.js';
import { mongoTarget } from './mongo-args.js';
import { runWithMongo } from './mongo-connection.js';
import { collect, mongoOutput } from './mongo-read.js';
import { MONGO_READ_ARGS, MongoReadOutput } from './mongo-read.schema.js';
import { assertReadOnlyPipeline } from './pipeline-guard.js';

const MongoAggregateArgs = ToolArgs({
  ...MONGO_READ_ARGS,
  pipeline: Defaulted(
    Type.Unsafe<JsonObject[]>({
      type: 'array',
      description: 'Aggregation stages (Extended JSON)',
      items: OpaqueObject(),
      default: [],
    }),
  ),
});

@Tool({
  name: 'mongo.aggregate',
  description:
    'Run a read-only aggregation pipeline ($out and $merge refused) with a $limit appended, within a byte budget.',
  inputSchema: MongoAggregateArgs,
  outputSchema: MongoReadOutput,
  scope: 'external',
  sideEffects: 'none',
  riskLevel: 'medium',
  requiresApproval: false,
  idempotency: 'best-effort',
  timeoutSeconds: 30,
  maxRetries: 0,
  outputLimitKb: 2048,
  policy: connectionPolicy(),
  examples: [
    {
      profile_id: 'dev.mongo',
      database: 'dev',
      collection: 'orders',
      pipeline: [{ $match: { status: 'new' } }, { $group: { _id: '$customer', n: { $sum: 1 } } }],
    },
  ],
})
export class MongoAggregateTool implements ToolHandler<typeof MongoAggregateArgs> {
  constructor(
    private readonly profiles: ConnectionProfiles,
    private readonly leases: ConnectionLeases,
  ) {}

  async execute({
    session,
    args,
    signal,
  }: ToolContext<typeof MongoAggregateArgs>): Promise<ToolResult> {
    const { profile, database, collection } = mongoTarget(this.profiles, session.metadata, args);
    const stages: JsonValue[] = args.pipeline;
    assertReadOnlyPipeline(stages);
    const limit = args.limit;
    const pipeline: Document[] = [
      ...stages.map((stage, index) => fromExtendedJson(stage, `pipeline[${index}]`) ?? {}),
      { $limit: limit },
    ];
    const budget = new DocumentBudget(args.max_bytes);
    const endpoint = this.profiles.endpointFor(profile, 'mongo');
    await runWithMongo(
      this.leases,
      endpoint,
      'workspace-tool-mongo-aggregate',
      args.timeout_ms,
      signal,
      (client, deadline) =>
        collect(
          client
            .db(database)
            .collection(collection)
            .aggregate(pipeline, { maxTimeMS: deadline.remainingMs() }),
          budget,
          deadline,
        ),
    );
    return { output: mongoOutput({ profileId: profile.id, database, collection }, limit, budget) };
  }
}
