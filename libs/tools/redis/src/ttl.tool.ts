import { Type } from '@sinclair/typebox';
import {
  ConnectionLeases,
  ConnectionProfiles,
  connectionPolicy,
  ProfileIdArg,
  TimeoutMsArg,
} from '#app/connections';
import {
  StringEnum,
  Tool,
  ToolArgs,
  ToolOutput,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import { assertKeysInScope, redisProfile } from './redis-args.js';
import { command, runWithRedis } from './redis-connection.js';

const RedisTtlArgs = ToolArgs({
  profile_id: ProfileIdArg,
  key: Type.String({ description: 'Key; must start with one of the profile key_prefixes' }),
  timeout_ms: TimeoutMsArg(2000),
});

@Tool({
  name: 'redis.ttl',
  description: 'Remaining time to live of one key: expiring, no_expiry or missing.',
  inputSchema: RedisTtlArgs,
  outputSchema: ToolOutput({
    profile_id: Type.String(),
    key: Type.String(),
    exists: Type.Boolean(),
    status: StringEnum(['expiring', 'no_expiry', 'missing']),
    ttl_seconds: Type.Integer(),
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
export class RedisTtlTool implements ToolHandler<typeof RedisTtlArgs> {
  constructor(
    private readonly profiles: ConnectionProfiles,
    private readonly leases: ConnectionLeases,
  ) {}

  async execute({ session, args, signal }: ToolContext<typeof RedisTtlArgs>): Promise<ToolResult> {
    const profile = redisProfile(this.profiles, session.metadata, args.profile_id);
    const key = args.key;
    assertKeysInScope(profile, [key], session.metadata);
    const endpoint = this.profiles.endpointFor(profile, 'redis');
    const ttl = await runWithRedis(
      this.leases,
      endpoint,
      args.timeout_ms,
      signal,
      (client, deadline) => command(client.ttl(key), deadline),
    );
    const status = ttl === -2 ? 'missing' : ttl === -1 ? 'no_expiry' : 'expiring';
    return {
      output: { profile_id: profile.id, key, exists: ttl !== -2, status, ttl_seconds: ttl },
    };
  }
}
