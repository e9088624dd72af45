import {
  assertWritable,
  ConnectionLeases,
  ConnectionProfiles,
  connectionPolicy,
  inputSchema,
  keyListSchema,
  outputSchema,
  PROFILE_ID_SCHEMA,
  readKeyList,
  readTimeoutMs,
  timeoutMsSchema,
} from '#app/connections';
import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { assertKeysInScope, redisProfile } from './redis-args.js';
import { command, runWithRedis } from './redis-connection.js';

@Tool({
  name: 'redis.del',
  description: 'Delete up to 200 keys through a writable connection profile.',
  inputSchema: inputSchema(
    {
      profile_id: PROFILE_ID_SCHEMA,
      keys: keyListSchema('Keys; each must start with one of the profile key_prefixes'),
      timeout_ms: timeoutMsSchema(2000),
    },
    ['profile_id', 'keys'],
  ),
  outputSchema: outputSchema({
    profile_id: 'string',
    keys_requested: 'integer',
    deleted: 'integer',
  }),
  scope: 'external',
  sideEffects: 'irreversible',
  riskLevel: 'medium',
  requiresApproval: true,
  idempotency: 'best-effort',
  timeoutSeconds: 15,
  maxRetries: 0,
  outputLimitKb: 128,
  policy: connectionPolicy('key_prefix_fields', 'keys', true),
  examples: [{ profile_id: 'sandbox.redis', keys: ['sandbox:greeting'] }],
})
export class RedisDelTool implements ToolHandler {
  constructor(
    private readonly profiles: ConnectionProfiles,
    private readonly leases: ConnectionLeases,
  ) {}

  async execute({ session, args, signal }: ToolContext): Promise<ToolResult> {
    const profile = redisProfile(this.profiles, session.metadata, args);
    const keys = readKeyList(args, 'keys');
    assertKeysInScope(profile, keys, session.metadata);
    assertWritable(profile);
    const endpoint = this.profiles.endpointFor(profile, 'redis');
    const deleted = await runWithRedis(
      this.leases,
      endpoint,
      readTimeoutMs(args, 2000),
      signal,
      (client, deadline) => command(client.del(...keys), deadline),
    );
    return { output: { profile_id: profile.id, keys_requested: keys.length, deleted } };
  }
}
