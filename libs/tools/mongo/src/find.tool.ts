import { Type } from '@sinclair/typebox';
import { ConnectionLeases, ConnectionProfiles, connectionPolicy } from '#app/connections';
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

const MongoFindArgs = ToolArgs({
  ...MONGO_READ_ARGS,
  filter: Defaulted(OpaqueObject({ description: 'Query filter (Extended JSON)', default: {} })),
  projection: Type.Optional(OpaqueObject({ description: 'Projection (Extended JSON)' })),
  sort: Type.Optional(OpaqueObject({ description: 'Sort specification (Extended JSON)' })),
});

@Tool({
  name: 'mongo.find',
  description:
    'Find documents in a MongoDB collection (Extended JSON filter, projection and sort) within a byte budget.',
  inputSchema: MongoFindArgs,
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
      filter: { status: 'new' },
      limit: 10,
    },
  ],
})
export class MongoFindTool implements ToolHandler<typeof MongoFindArgs> {
  constructor(
    private readonly profiles: ConnectionProfiles,
    private readonly leases: ConnectionLeases,
  ) {}

  async execute({ session, args, signal }: ToolContext<typeof MongoFindArgs>): Promise<ToolResult> {
    const { profile, database, collection } = mongoTarget(this.profiles, session.metadata, args);
    const filter = fromExtendedJson(args.filter, 'filter') ?? {};
    const projection = fromExtendedJson(args.projection, 'projection');
    const sort = fromExtendedJson(args.sort, 'sort');
    const limit = args.limit;
    const budget = new DocumentBudget(args.max_bytes);
    const endpoint = this.profiles.endpointFor(profile, 'mongo');
    await runWithMongo(
      this.leases,
      endpoint,
      'workspace-tool-mongo-find',
      args.timeout_ms,
      signal,
      (client, deadline) =>
        collect(
          client
            .db(database)
            .collection(collection)
            .find(filter, {
              limit,
              ...(projection !== undefined ? { projection } : {}),
              ...(sort !== undefined ? { sort } : {}),
              maxTimeMS: deadline.remainingMs(),
            }),
          budget,
          deadline,
        ),
    );
    return { output: mongoOutput({ profileId: profile.id, database, collection }, limit, budget) };
  }
}
