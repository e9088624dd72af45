import type { Document } from 'mongodb';
import {
  ConnectionLeases,
  ConnectionProfiles,
  connectionPolicy,
  inputSchema,
  readTimeoutMs,
} from '#app/connections';
import type { JsonValue } from '#app/contracts';
import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { DocumentBudget, fromExtendedJson } from './extended-json.js';
import { mongoTarget } from './mongo-args.js';
import { runWithMongo } from './mongo-connection.js';
import {
  collect,
  MONGO_COMMON_ARGS,
  MONGO_OUTPUT_SCHEMA,
  mongoOutput,
  readLimits,
} from './mongo-read.js';
import { assertReadOnlyPipeline } from './pipeline-guard.js';

@Tool({
  name: 'mongo.aggregate',
  description:
    'Run a read-only aggregation pipeline ($out and $merge refused) with a $limit appended, within a byte budget.',
  inputSchema: inputSchema(
    {
      ...MONGO_COMMON_ARGS,
      pipeline: {
        type: 'array',
        description: 'Aggregation stages (Extended JSON)',
        items: { type: 'object' },
        default: [],
      },
    },
    ['profile_id', 'database', 'collection'],
  ),
  outputSchema: MONGO_OUTPUT_SCHEMA,
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
export class MongoAggregateTool implements ToolHandler {
  constructor(
    private readonly profiles: ConnectionProfiles,
    private readonly leases: ConnectionLeases,
  ) {}

  async execute({ session, args, signal }: ToolContext): Promise<ToolResult> {
    const { profile, database, collection } = mongoTarget(this.profiles, session.metadata, args);
    const stages: JsonValue[] = Array.isArray(args['pipeline']) ? args['pipeline'] : [];
    assertReadOnlyPipeline(stages);
    const { limit, maxBytes } = readLimits(args);
    const pipeline: Document[] = [
      ...stages.map((stage, index) => fromExtendedJson(stage, `pipeline[${index}]`) ?? {}),
      { $limit: limit },
    ];
    const budget = new DocumentBudget(maxBytes);
    const endpoint = this.profiles.endpointFor(profile, 'mongo');
    await runWithMongo(
      this.leases,
      endpoint,
      'workspace-tool-mongo-aggregate',
      readTimeoutMs(args, 3000),
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
