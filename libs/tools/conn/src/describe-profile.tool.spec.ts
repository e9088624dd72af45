import { ConnectionProfiles } from '#app/connections';
import type { JsonObject } from '#app/contracts';
import { connectionContext, failureOf, type ContextOptions } from '#app/connections/testing';
import { callTool } from '#app/testing';
import type { ToolResult } from '#app/tool-registry';
import { ConnDescribeProfileTool } from './describe-profile.tool.js';

describe('ConnDescribeProfileTool', () => {
  const tool = new ConnDescribeProfileTool(
    new ConnectionProfiles({ endpoints: {}, hostAllowlist: null }),
  );
  // Validated and defaulted against the declared schema, as the pipeline does.
  const run = (args: JsonObject, options?: ContextOptions): Promise<ToolResult> =>
    callTool(tool, { ...connectionContext(args, options), args });

  it('should describe a visible profile', async () => {
    expect((await run({ profile_id: 'dev.redis' })).output).toEqual({
      profile: {
        id: 'dev.redis',
        kind: 'redis',
        description: 'Development Redis/Valkey',
        read_only: true,
        scopes: { key_prefixes: ['sandbox:', 'dev:'] },
      },
    });
  });

  it('should answer not_found when the profile is unknown or hidden by allowed_profiles', async () => {
    expect(await failureOf(run({ profile_id: 'prod.redis' }))).toEqual({
      code: 'not_found',
      message: 'connection profile not found: prod.redis',
      retryable: false,
    });
    const hidden = run({ profile_id: 'dev.redis' }, { metadata: { allowed_profiles: 'dev.nats' } });
    expect((await failureOf(hidden)).code).toBe('not_found');
  });
});
