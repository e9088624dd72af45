import { Type } from '@sinclair/typebox';
import {
  ByteBudget,
  ConnectionLeases,
  ConnectionProfiles,
  connectionPolicy,
  KeyListArg,
  MaxBytesArg,
  ProfileIdArg,
  requireNonEmptyItems,
  TimeoutMsArg,
} from '#app/connections';
import type { JsonObject } from '#app/contracts';
import {
  OpaqueArray,
  Tool,
  ToolArgs,
  ToolOutput,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import { assertKeysInScope, redisProfile } from './redis-args.js';
import { command, runWithRedis } from './redis-connection.js';

const RedisMgetArgs = ToolArgs({
  profile_id: ProfileIdArg,
  keys: KeyListArg('Keys; each must start with one of the profile key_prefixes'),
  max_bytes: MaxBytesArg('Byte budget shared by all values', 262_144),
  timeout_ms: TimeoutMsArg(3000),
});

@Tool({
  name: 'redis.mget',
  description:
    'Read up to 200 Redis/Valkey string values in request order under a shared byte budget.',
  inputSchema: RedisMgetArgs,
  outputSchema: ToolOutput({
    profile_id: Type.String(),
    entries: OpaqueArray(),
    key_count: Type.Integer(),
    found_count: Type.Integer(),
    total_bytes: Type.Integer(),
    truncated: Type.Boolean(),
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
export class RedisMgetTool implements ToolHandler<typeof RedisMgetArgs> {
  constructor(
    private readonly profiles: ConnectionProfiles,
    private readonly leases: ConnectionLeases,
  ) {}

  async execute({ session, args, signal }: ToolContext<typeof RedisMgetArgs>): Promise<ToolResult> {
    const profile = redisProfile(this.profiles, session.metadata, args.profile_id);
    const keys = requireNonEmptyItems('keys', args.keys);
    assertKeysInScope(profile, keys, session.metadata);
    const budget = new ByteBudget(args.max_bytes);
    const endpoint = this.profiles.endpointFor(profile, 'redis');
    const values = await runWithRedis(
      this.leases,
      endpoint,
      args.timeout_ms,
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
