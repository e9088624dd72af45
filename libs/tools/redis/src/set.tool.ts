import { Type } from '@sinclair/typebox';
import {
  assertPayloadSize,
  assertWritable,
  ConnectionLeases,
  ConnectionProfiles,
  connectionPolicy,
  decodePayload,
  ProfileIdArg,
  TimeoutMsArg,
} from '#app/connections';
import { AppException } from '#app/errors';
import {
  Defaulted,
  Tool,
  ToolArgs,
  ToolOutput,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import { assertKeysInScope, redisProfile } from './redis-args.js';
import { command, runWithRedis } from './redis-connection.js';

export const MAX_VALUE_BYTES = 1_048_576;
/** Every write expires: at most 7 days (CATALOG.md 14). */
export const MAX_TTL_SECONDS = 604_800;

const RedisSetArgs = ToolArgs({
  profile_id: ProfileIdArg,
  key: Type.String({ description: 'Key; must start with one of the profile key_prefixes' }),
  value: Type.String({ description: 'Value (may be empty), encoded as value_encoding says' }),
  value_encoding: Defaulted(
    Type.Unsafe<'utf8' | 'base64'>({
      type: 'string',
      description: 'Encoding of value',
      enum: ['utf8', 'base64'],
      default: 'utf8',
    }),
  ),
  ttl_seconds: Type.Integer({
    description: 'Expiry in seconds (1 to 7 days)',
    minimum: 1,
    maximum: MAX_TTL_SECONDS,
  }),
  timeout_ms: TimeoutMsArg(2000),
});

@Tool({
  name: 'redis.set',
  description:
    'Write one string value with a mandatory expiry (SET key value EX ttl_seconds, at most 7 days).',
  inputSchema: RedisSetArgs,
  outputSchema: ToolOutput({
    profile_id: Type.String(),
    key: Type.String(),
    ttl_seconds: Type.Integer(),
    value_bytes: Type.Integer(),
    value_format: Type.String(),
    written: Type.Boolean(),
  }),
  scope: 'external',
  sideEffects: 'reversible',
  riskLevel: 'medium',
  requiresApproval: true,
  idempotency: 'best-effort',
  timeoutSeconds: 15,
  maxRetries: 0,
  outputLimitKb: 128,
  policy: connectionPolicy('key_prefix_fields', 'key'),
  examples: [
    { profile_id: 'sandbox.redis', key: 'sandbox:greeting', value: 'hello', ttl_seconds: 3600 },
  ],
})
export class RedisSetTool implements ToolHandler<typeof RedisSetArgs> {
  constructor(
    private readonly profiles: ConnectionProfiles,
    private readonly leases: ConnectionLeases,
  ) {}

  async execute({ session, args, signal }: ToolContext<typeof RedisSetArgs>): Promise<ToolResult> {
    const profile = redisProfile(this.profiles, session.metadata, args.profile_id);
    const key = args.key;
    assertKeysInScope(profile, [key], session.metadata);
    assertWritable(profile);
    const ttlSeconds = args.ttl_seconds;
    // The schema already refuses these; a direct caller must not get a key that never expires.
    if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > MAX_TTL_SECONDS) {
      throw new AppException(
        'invalid_argument',
        `ttl_seconds must be between 1 and ${MAX_TTL_SECONDS}`,
      );
    }
    const encoding = args.value_encoding;
    const value = decodePayload(args.value, encoding, 'value');
    assertPayloadSize(value, MAX_VALUE_BYTES, 'value', 'limit');
    const endpoint = this.profiles.endpointFor(profile, 'redis');
    await runWithRedis(this.leases, endpoint, args.timeout_ms, signal, (client, deadline) =>
      command(client.set(key, value, 'EX', ttlSeconds), deadline),
    );
    return {
      output: {
        profile_id: profile.id,
        key,
        ttl_seconds: ttlSeconds,
        value_bytes: value.length,
        value_format: encoding,
        written: true,
      },
    };
  }
}
