import {
  ConnectionLeases,
  ConnectionProfiles,
  connectionPolicy,
  inputSchema,
  readTimeoutMs,
} from '#app/connections';
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

@Tool({
  name: 'mongo.find',
  description:
    'Find documents in a MongoDB collection (Extended JSON filter, projection and sort) within a byte budget.',
  inputSchema: inputSchema(
    {
      ...MONGO_COMMON_ARGS,
      filter: { type: 'object', description: 'Query filter (Extended JSON)', default: {} },
      projection: { type: 'object', description: 'Projection (Extended JSON)' },
      sort: { type: 'object', description: 'Sort specification (Extended JSON)' },
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
      filter: { status: 'new' },
      limit: 10,
    },
  ],
})
export class MongoFindTool implements ToolHandler {
  constructor(
    private readonly profiles: ConnectionProfiles,
    private readonly leases: ConnectionLeases,
  ) {}

  async execute({ session, args, signal }: ToolContext): Promise<ToolResult> {
    const { profile, database, collection } = mongoTarget(this.profiles, session.metadata, args);
    const filter = fromExtendedJson(args['filter'] ?? {}, 'filter') ?? {};
    const projection = fromExtendedJson(args['projection'], 'projection');
    const sort = fromExtendedJson(args['sort'], 'sort');
    const { limit, maxBytes } = readLimits(args);
    const budget = new DocumentBudget(maxBytes);
    const endpoint = this.profiles.endpointFor(profile, 'mongo');
    await runWithMongo(
      this.leases,
      endpoint,
      'workspace-tool-mongo-find',
      readTimeoutMs(args, 3000),
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
