import {
  ConnectionLeases,
  ConnectionProfiles,
  connectionPolicy,
  inputSchema,
  integerSchema,
  outputSchema,
  PROFILE_ID_SCHEMA,
  readInteger,
  readString,
  readTimeoutMs,
  stringSchema,
  timeoutMsSchema,
} from '#app/connections';
import { AppException } from '#app/errors';
import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { assertKeysInScope, keyInScope, redisProfile } from './redis-args.js';
import { command, runWithRedis } from './redis-connection.js';

@Tool({
  name: 'redis.scan',
  description:
    'List keys under a prefix with SCAN, page by page, up to max_keys (resumable with next_cursor).',
  inputSchema: inputSchema(
    {
      profile_id: PROFILE_ID_SCHEMA,
      prefix: stringSchema(
        'Key prefix inside the allowed prefixes (glob characters are matched literally)',
      ),
      cursor: {
        type: 'integer',
        description: 'SCAN cursor to resume from',
        minimum: 0,
        default: 0,
      },
      max_keys: integerSchema('Stop after this many keys', 1, 1000, 200),
      count_hint: integerSchema('COUNT hint per SCAN page', 1, 1000, 100),
      timeout_ms: timeoutMsSchema(3000),
    },
    ['profile_id', 'prefix'],
  ),
  outputSchema: outputSchema({
    profile_id: 'string',
    prefix: 'string',
    keys: 'array',
    count: 'integer',
    next_cursor: 'integer',
    truncated: 'boolean',
  }),
  scope: 'external',
  sideEffects: 'none',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'best-effort',
  timeoutSeconds: 20,
  maxRetries: 0,
  outputLimitKb: 2048,
  policy: connectionPolicy('key_prefix_fields', 'prefix'),
  examples: [{ profile_id: 'dev.redis', prefix: 'dev:sessions:', max_keys: 50 }],
})
export class RedisScanTool implements ToolHandler {
  constructor(
    private readonly profiles: ConnectionProfiles,
    private readonly leases: ConnectionLeases,
  ) {}

  async execute({ session, args, signal }: ToolContext): Promise<ToolResult> {
    const profile = redisProfile(this.profiles, session.metadata, args);
    const prefix = readString(args, 'prefix');
    // The prefix itself must lie inside the allowlists (it is checked as a key): an empty or wider
    // prefix would list keys outside them. Returned keys are filtered again below.
    if (prefix === '') {
      throw new AppException('invalid_argument', 'prefix must not be empty');
    }
    assertKeysInScope(profile, [prefix], session.metadata);
    const maxKeys = readInteger(args, 'max_keys', 200, 1, 1000);
    const countHint = readInteger(args, 'count_hint', 100, 1, 1000);
    const start = readInteger(args, 'cursor', 0, 0, Number.MAX_SAFE_INTEGER);
    const endpoint = this.profiles.endpointFor(profile, 'redis');
    const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
    const result = await runWithRedis(
      this.leases,
      endpoint,
      readTimeoutMs(args, 3000),
      signal,
      async (client, deadline) => {
        const keys: string[] = [];
        let cursor = String(start);
        let cut = false;
        do {
          const [next, page] = await command(
            client.scan(cursor, 'MATCH', pattern, 'COUNT', countHint),
            deadline,
          );
          cursor = next;
          for (const key of page) {
            if (!key.startsWith(prefix) || !keyInScope(profile, key, session.metadata)) {
              continue;
            }
            if (keys.length === maxKeys) {
              cut = true;
              break;
            }
            keys.push(key);
          }
        } while (cursor !== '0' && keys.length < maxKeys && !cut);
        return { keys, nextCursor: Number(cursor), cut };
      },
    );
    return {
      output: {
        profile_id: profile.id,
        prefix,
        keys: result.keys,
        count: result.keys.length,
        next_cursor: result.nextCursor,
        truncated: result.cut || result.nextCursor !== 0,
      },
    };
  }
}
