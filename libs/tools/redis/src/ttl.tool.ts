import {
  ConnectionLeases,
  ConnectionProfiles,
  connectionPolicy,
  inputSchema,
  outputSchema,
  PROFILE_ID_SCHEMA,
  readString,
  readTimeoutMs,
  stringSchema,
  timeoutMsSchema,
} from '#app/connections';
import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { assertKeysInScope, redisProfile } from './redis-args.js';
import { command, runWithRedis } from './redis-connection.js';

@Tool({
  name: 'redis.ttl',
  description: 'Remaining time to live of one key: expiring, no_expiry or missing.',
  inputSchema: inputSchema(
    {
      profile_id: PROFILE_ID_SCHEMA,
      key: stringSchema('Key; must start with one of the profile key_prefixes'),
      timeout_ms: timeoutMsSchema(2000),
    },
    ['profile_id', 'key'],
  ),
  outputSchema: outputSchema({
    profile_id: 'string',
    key: 'string',
    exists: 'boolean',
    status: { type: 'string', enum: ['expiring', 'no_expiry', 'missing'] },
    ttl_seconds: 'integer',
  }),
  scope: 'external',
  sideEffects: 'none',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'guaranteed',
  timeoutSeconds: 15,
  maxRetries: 0,
  outputLimitKb: 128,
  policy: connectionPolicy('key_prefix_fields', 'key'),
  examples: [{ profile_id: 'dev.redis', key: 'dev:lock:deploy' }],
})
export class RedisTtlTool implements ToolHandler {
  constructor(
    private readonly profiles: ConnectionProfiles,
    private readonly leases: ConnectionLeases,
  ) {}

  async execute({ session, args, signal }: ToolContext): Promise<ToolResult> {
    const profile = redisProfile(this.profiles, session.metadata, args);
    const key = readString(args, 'key');
    assertKeysInScope(profile, [key], session.metadata);
    const endpoint = this.profiles.endpointFor(profile, 'redis');
    const ttl = await runWithRedis(
      this.leases,
      endpoint,
      readTimeoutMs(args, 2000),
      signal,
      (client, deadline) => command(client.ttl(key), deadline),
    );
    const status = ttl === -2 ? 'missing' : ttl === -1 ? 'no_expiry' : 'expiring';
    return {
      output: { profile_id: profile.id, key, exists: ttl !== -2, status, ttl_seconds: ttl },
    };
  }
}
