import {
  ConnectionLeases,
  ConnectionProfiles,
  connectionPolicy,
  inputSchema,
  maxBytesSchema,
  outputSchema,
  PROFILE_ID_SCHEMA,
  readInteger,
  readString,
  readTimeoutMs,
  stringSchema,
  timeoutMsSchema,
} from '#app/connections';
import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { assertKeysInScope, redisProfile } from './redis-args.js';
import { command, runWithRedis } from './redis-connection.js';

@Tool({
  name: 'redis.get',
  description:
    'Read one Redis/Valkey string value (base64, cut to max_bytes); a missing key is found: false.',
  inputSchema: inputSchema(
    {
      profile_id: PROFILE_ID_SCHEMA,
      key: stringSchema('Key; must start with one of the profile key_prefixes'),
      max_bytes: maxBytesSchema('Cut the value to this many bytes', 65_536),
      timeout_ms: timeoutMsSchema(2000),
    },
    ['profile_id', 'key'],
  ),
  outputSchema: outputSchema({
    profile_id: 'string',
    key: 'string',
    found: 'boolean',
    value_base64: 'string',
    value_bytes: 'integer',
    truncated: 'boolean',
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
export class RedisGetTool implements ToolHandler {
  constructor(
    private readonly profiles: ConnectionProfiles,
    private readonly leases: ConnectionLeases,
  ) {}

  async execute({ session, args, signal }: ToolContext): Promise<ToolResult> {
    const profile = redisProfile(this.profiles, session.metadata, args);
    const key = readString(args, 'key');
    assertKeysInScope(profile, [key], session.metadata);
    const maxBytes = readInteger(args, 'max_bytes', 65_536, 1, 1_048_576);
    const endpoint = this.profiles.endpointFor(profile, 'redis');
    const value = await runWithRedis(
      this.leases,
      endpoint,
      readTimeoutMs(args, 2000),
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
