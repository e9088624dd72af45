import { ConnectionProfiles } from '#app/connections';
import { connectionContext, failureOf } from '#app/connections/testing';
import { DescribeProfileTool } from './describe-profile.tool.js';

describe('DescribeProfileTool', () => {
  const tool = new DescribeProfileTool(
    new ConnectionProfiles({ endpoints: {}, hostAllowlist: null }),
  );

  it('should describe a visible profile', async () => {
    expect((await tool.execute(connectionContext({ profile_id: 'dev.redis' }))).output).toEqual({
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
    expect(await failureOf(tool.execute(connectionContext({ profile_id: 'prod.redis' })))).toEqual({
      code: 'not_found',
      message: 'connection profile not found: prod.redis',
      retryable: false,
    });
    const hidden = connectionContext(
      { profile_id: 'dev.redis' },
      { metadata: { allowed_profiles: 'dev.nats' } },
    );
    expect((await failureOf(tool.execute(hidden))).code).toBe('not_found');
  });
});
