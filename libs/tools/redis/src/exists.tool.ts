import { Type } from '@sinclair/typebox';
import {
  ConnectionLeases,
  ConnectionProfiles,
  connectionPolicy,
  KeyListArg,
  ProfileIdArg,
  requireNonEmptyItems,
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

const RedisExistsArgs = ToolArgs({
  profile_id: ProfileIdArg,
  keys: KeyListArg('Keys; each must start with one of the profile key_prefixes'),
  timeout_ms: TimeoutMsArg(2000),
});

@Tool({
  name: 'redis.exists',
  description: 'Count how many of up to 200 keys exist.',
  inputSchema: RedisExistsArgs,
  outputSchema: ToolOutput({
    profile_id: Type.String(),
    keys_checked: Type.Integer(),
    exists_count: Type.Integer(),
  }),
  scope: 'external',
  sideEffects: 'none',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'guaranteed',
  timeoutSeconds: 15,
  maxRetries: 0,
  outputLimitKb: 128,
  policy: connectionPolicy('key_prefix_fields', 'keys', true),
  examples: [{ profile_id: 'dev.redis', keys: ['dev:a', 'dev:b'] }],
})
export class RedisExistsTool implements ToolHandler<typeof RedisExistsArgs> {
  constructor(
    private readonly profiles: ConnectionProfiles,
    private readonly leases: ConnectionLeases,
  ) {}

  async execute({
    session,
    args,
    signal,
  }: ToolContext<typeof RedisExistsArgs>): Promise<ToolResult> {
    const profile = redisProfile(this.profiles, session.metadata, args.profile_id);
    const keys = requireNonEmptyItems('keys', args.keys);
    assertKeysInScope(profile, keys, session.metadata);
    const endpoint = this.profiles.endpointFor(profile, 'redis');
    const count = await runWithRedis(
      this.leases,
      endpoint,
      args.timeout_ms,
      signal,
      (client, deadline) => command(client.exists(...keys), deadline),
    );
    return { output: { profile_id: profile.id, keys_checked: keys.length, exists_count: count } };
  }
}
