import { Type } from '@sinclair/typebox';
import {
  ConnectionLeases,
  ConnectionProfiles,
  connectionPolicy,
  MaxBytesArg,
  ProfileIdArg,
  TimeoutMsArg,
} from '#app/connections';
import {
  Tool,
  ToolArgs,
  ToolOutput,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import { assertKeysInScope, redisProfile } from './redis-args.js';
import { command, runWithRedis } from './redis-connection.js';

const RedisGetArgs = ToolArgs({
  profile_id: ProfileIdArg,
  key: Type.String({ description: 'Key; must start with one of the profile key_prefixes' }),
  max_bytes: MaxBytesArg('Cut the value to this many bytes', 65_536),
  timeout_ms: TimeoutMsArg(2000),
});

@Tool({
  name: 'redis.get',
  description:
    'Read one Redis/Valkey string value (base64, cut to max_bytes); a missing key is found: false.',
  inputSchema: RedisGetArgs,
  outputSchema: ToolOutput({
    profile_id: Type.String(),
    key: Type.String(),
    found: Type.Boolean(),
    value_base64: Type.String(),
    value_bytes: Type.Integer(),
    truncated: Type.Boolean(),
  }),
  scope: 'external',
  sideEffects: 'none',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'guaranteed',
  timeoutSeconds: 15,
  maxRetries: 0,
  outputLimitKb: 1024,
  policy: connectionPolicy('key_prefix_fields', 'key'),
  examples: [{ profile_id: 'dev.redis', key: 'dev:feature-flags' }],
})
export class RedisGetTool implements ToolHandler<typeof RedisGetArgs> {
  constructor(
    private readonly profiles: ConnectionProfiles,
    private readonly leases: ConnectionLeases,
  ) {}

  async execute({ session, args, signal }: ToolContext<typeof RedisGetArgs>): Promise<ToolResult> {
    const profile = redisProfile(this.profiles, session.metadata, args.profile_id);
    const key = args.key;
    assertKeysInScope(profile, [key], session.metadata);
    const maxBytes = args.max_bytes;
    const endpoint = this.profiles.endpointFor(profile, 'redis');
    const value = await runWithRedis(
      this.leases,
      endpoint,
      args.timeout_ms,
      signal,
      (client, deadline) => command(client.getBuffer(key), deadline),
    );
    const data = value ?? Buffer.alloc(0);
    return {
      output: {
        profile_id: profile.id,
        key,
        found: value !== null,
        value_base64: data.subarray(0, maxBytes).toString('base64'),
        value_bytes: data.length,
        truncated: data.length > maxBytes,
      },
    };
  }
}
