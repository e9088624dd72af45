import { Type } from '@sinclair/typebox';
import {
  assertWritable,
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

const RedisDelArgs = ToolArgs({
  profile_id: ProfileIdArg,
  keys: KeyListArg('Keys; each must start with one of the profile key_prefixes'),
  timeout_ms: TimeoutMsArg(2000),
});

@Tool({
  name: 'redis.del',
  description: 'Delete up to 200 keys through a writable connection profile.',
  inputSchema: RedisDelArgs,
  outputSchema: ToolOutput({
    profile_id: Type.String(),
    keys_requested: Type.Integer(),
    deleted: Type.Integer(),
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
export class RedisDelTool implements ToolHandler<typeof RedisDelArgs> {
  constructor(
    private readonly profiles: ConnectionProfiles,
    private readonly leases: ConnectionLeases,
  ) {}

  async execute({ session, args, signal }: ToolContext<typeof RedisDelArgs>): Promise<ToolResult> {
    const profile = redisProfile(this.profiles, session.metadata, args.profile_id);
    const keys = requireNonEmptyItems('keys', args.keys);
    assertKeysInScope(profile, keys, session.metadata);
    assertWritable(profile);
    const endpoint = this.profiles.endpointFor(profile, 'redis');
    const deleted = await runWithRedis(
      this.leases,
      endpoint,
      args.timeout_ms,
      signal,
      (client, deadline) => command(client.del(...keys), deadline),
    );
    return { output: { profile_id: profile.id, keys_requested: keys.length, deleted } };
  }
}
