import {
  assertPayloadSize,
  assertWritable,
  ConnectionLeases,
  ConnectionProfiles,
  connectionPolicy,
  decodePayload,
  enumSchema,
  inputSchema,
  outputSchema,
  PROFILE_ID_SCHEMA,
  readString,
  readTimeoutMs,
  stringSchema,
  timeoutMsSchema,
} from '#app/connections';
import { AppException } from '#app/errors';
import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { assertKeysInScope, redisProfile } from './redis-args.js';
import { command, runWithRedis } from './redis-connection.js';

export const MAX_VALUE_BYTES = 1_048_576;
/** Every write expires: at most 7 days (CATALOG.md 14). */
export const MAX_TTL_SECONDS = 604_800;

@Tool({
  name: 'redis.set',
  description:
    'Write one string value with a mandatory expiry (SET key value EX ttl_seconds, at most 7 days).',
  inputSchema: inputSchema(
    {
      profile_id: PROFILE_ID_SCHEMA,
      key: stringSchema('Key; must start with one of the profile key_prefixes'),
      value: stringSchema('Value (may be empty), encoded as value_encoding says'),
      value_encoding: enumSchema('Encoding of value', ['utf8', 'base64'], 'utf8'),
      ttl_seconds: {
        type: 'integer',
        description: 'Expiry in seconds (1 to 7 days)',
        minimum: 1,
        maximum: MAX_TTL_SECONDS,
      },
      timeout_ms: timeoutMsSchema(2000),
    },
    ['profile_id', 'key', 'value', 'ttl_seconds'],
  ),
  outputSchema: outputSchema({
    profile_id: 'string',
    key: 'string',
    ttl_seconds: 'integer',
    value_bytes: 'integer',
    value_format: 'string',
    written: 'boolean',
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
export class RedisSetTool implements ToolHandler {
  constructor(
    private readonly profiles: ConnectionProfiles,
    private readonly leases: ConnectionLeases,
  ) {}

  async execute({ session, args, signal }: ToolContext): Promise<ToolResult> {
    const profile = redisProfile(this.profiles, session.metadata, args);
    const key = readString(args, 'key');
    assertKeysInScope(profile, [key], session.metadata);
    assertWritable(profile);
    const ttlSeconds = args['ttl_seconds'];
    // The schema already refuses these; a direct caller must not get a key that never expires.
    if (
      typeof ttlSeconds !== 'number' ||
      !Number.isInteger(ttlSeconds) ||
      ttlSeconds < 1 ||
      ttlSeconds > MAX_TTL_SECONDS
    ) {
      throw new AppException(
        'invalid_argument',
        `ttl_seconds must be between 1 and ${MAX_TTL_SECONDS}`,
      );
    }
    const encoding = readString(args, 'value_encoding', 'utf8');
    const value = decodePayload(readString(args, 'value'), encoding, 'value');
    assertPayloadSize(value, MAX_VALUE_BYTES, 'value', 'limit');
    const endpoint = this.profiles.endpointFor(profile, 'redis');
    await runWithRedis(
      this.leases,
      endpoint,
      readTimeoutMs(args, 2000),
      signal,
      (client, deadline) => command(client.set(key, value, 'EX', ttlSeconds), deadline),
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
