import { Type } from '@sinclair/typebox';
import {
  ConnectionLeases,
  ConnectionProfiles,
  connectionPolicy,
  ProfileIdArg,
  TimeoutMsArg,
} from '#app/connections';
import { AppException } from '#app/errors';
import {
  Defaulted,
  OpaqueArray,
  Tool,
  ToolArgs,
  ToolOutput,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import { assertKeysInScope, keyInScope, redisProfile } from './redis-args.js';
import { command, runWithRedis } from './redis-connection.js';

const RedisScanArgs = ToolArgs({
  profile_id: ProfileIdArg,
  prefix: Type.String({
    description: 'Key prefix inside the allowed prefixes (glob characters are matched literally)',
  }),
  cursor: Defaulted(
    Type.Integer({ description: 'SCAN cursor to resume from', minimum: 0, default: 0 }),
  ),
  max_keys: Defaulted(
    Type.Integer({
      description: 'Stop after this many keys',
      minimum: 1,
      maximum: 1000,
      default: 200,
    }),
  ),
  count_hint: Defaulted(
    Type.Integer({
      description: 'COUNT hint per SCAN page',
      minimum: 1,
      maximum: 1000,
      default: 100,
    }),
  ),
  timeout_ms: TimeoutMsArg(3000),
});

@Tool({
  name: 'redis.scan',
  description:
    'List keys under a prefix with SCAN, page by page, up to max_keys (resumable with next_cursor).',
  inputSchema: RedisScanArgs,
  outputSchema: ToolOutput({
    profile_id: Type.String(),
    prefix: Type.String(),
    keys: OpaqueArray(),
    count: Type.Integer(),
    next_cursor: Type.Integer(),
    truncated: Type.Boolean(),
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
export class RedisScanTool implements ToolHandler<typeof RedisScanArgs> {
  constructor(
    private readonly profiles: ConnectionProfiles,
    private readonly leases: ConnectionLeases,
  ) {}

  async execute({ session, args, signal }: ToolContext<typeof RedisScanArgs>): Promise<ToolResult> {
    const profile = redisProfile(this.profiles, session.metadata, args.profile_id);
    const prefix = args.prefix;
    // The prefix itself must lie inside the allowlists (it is checked as a key): an empty or wider
    // prefix would list keys outside them. Returned keys are filtered again below.
    if (prefix === '') {
      throw new AppException('invalid_argument', 'prefix must not be empty');
    }
    assertKeysInScope(profile, [prefix], session.metadata);
    const maxKeys = args.max_keys;
    const countHint = args.count_hint;
    // The schema has no maximum for cursor; the handler has always capped it to a safe integer.
    const start = Math.min(args.cursor, Number.MAX_SAFE_INTEGER);
    const endpoint = this.profiles.endpointFor(profile, 'redis');
    const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
    const result = await runWithRedis(
      this.leases,
      endpoint,
      args.timeout_ms,
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
