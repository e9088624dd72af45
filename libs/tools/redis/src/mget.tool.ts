import {
  ByteBudget,
  ConnectionLeases,
  ConnectionProfiles,
  connectionPolicy,
  inputSchema,
  keyListSchema,
  maxBytesSchema,
  outputSchema,
  PROFILE_ID_SCHEMA,
  readInteger,
  readKeyList,
  readTimeoutMs,
  timeoutMsSchema,
} from '#app/connections';
import type { JsonObject } from '#app/contracts';
import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { assertKeysInScope, redisProfile } from './redis-args.js';
import { command, runWithRedis } from './redis-connection.js';

@Tool({
  name: 'redis.mget',
  description:
    'Read up to 200 Redis/Valkey string values in request order under a shared byte budget.',
  inputSchema: inputSchema(
    {
      profile_id: PROFILE_ID_SCHEMA,
      keys: keyListSchema('Keys; each must start with one of the profile key_prefixes'),
      max_bytes: maxBytesSchema('Byte budget shared by all values', 262_144),
      timeout_ms: timeoutMsSchema(3000),
    },
    ['profile_id', 'keys'],
  ),
  outputSchema: outputSchema({
    profile_id: 'string',
    entries: 'array',
    key_count: 'integer',
    found_count: 'integer',
    total_bytes: 'integer',
    truncated: 'boolean',
  }),
  scope: 'external',
  sideEffects: 'none',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'guaranteed',
  timeoutSeconds: 20,
  maxRetries: 0,
  outputLimitKb: 2048,
  policy: connectionPolicy('key_prefix_fields', 'keys', true),
  examples: [{ profile_id: 'dev.redis', keys: ['dev:a', 'dev:b'] }],
})
export class RedisMgetTool implements ToolHandler {
  constructor(
    private readonly profiles: ConnectionProfiles,
    private readonly leases: ConnectionLeases,
  ) {}

  async execute({ session, args, signal }: ToolContext): Promise<ToolResult> {
    const profile = redisProfile(this.profiles, session.metadata, args);
    const keys = readKeyList(args, 'keys');
    assertKeysInScope(profile, keys, session.metadata);
    const budget = new ByteBudget(readInteger(args, 'max_bytes', 262_144, 1, 1_048_576));
    const endpoint = this.profiles.endpointFor(profile, 'redis');
    const values = await runWithRedis(
      this.leases,
      endpoint,
      readTimeoutMs(args, 3000),
      signal,
      (client, deadline) => command(client.mgetBuffer(...keys), deadline),
    );
    const entries: JsonObject[] = keys.map((key, index) => {
      const value = values[index] ?? null;
      // Empty values count as not found (CATALOG.md 14).
      if (value === null || value.length === 0) {
        return { key, found: false, value_base64: '', value_bytes: 0, value_trimmed: false };
      }
      const kept = budget.take(value);
      return {
        key,
        found: true,
        value_base64: kept?.data.toString('base64') ?? '',
        value_bytes: value.length,
        value_trimmed: kept === undefined || kept.trimmed,
      };
    });
    return {
      output: {
        profile_id: profile.id,
        entries,
        key_count: keys.length,
        found_count: entries.filter((entry) => entry['found'] === true).length,
        total_bytes: budget.usedBytes,
        truncated: budget.truncated,
      },
    };
  }
}
