import { ConnectionProfiles } from '#app/connections';
import { connectionContext, profilesMetadata } from '#app/connections/testing';
import { ListProfilesTool } from './list-profiles.tool.js';

describe('ListProfilesTool', () => {
  const tool = new ListProfilesTool(
    new ConnectionProfiles({ endpoints: { 'dev.nats': 'nats://u:p@h:1' }, hostAllowlist: null }),
  );

  it('should list the built-in profiles without endpoints or credentials when no custom list is set', async () => {
    const result = await tool.execute(connectionContext({}));
    expect(result.output).toMatchObject({ count: 5 });
    expect(JSON.stringify(result.output)).not.toMatch(/nats:\/\/|u:p|svc\.cluster/);
  });

  it('should list the visible custom profiles sorted by id', async () => {
    const metadata = profilesMetadata(
      [
        { id: 'b', kind: 'redis' },
        { id: 'a', kind: 'nats' },
        { id: 'c', kind: 'nats' },
      ],
      {
        allowed_profiles: 'a,b',
      },
    );
    expect((await tool.execute(connectionContext({}, { metadata }))).output).toEqual({
      profiles: [
        { id: 'a', kind: 'nats', description: '', read_only: false, scopes: {} },
        { id: 'b', kind: 'redis', description: '', read_only: false, scopes: {} },
      ],
      count: 2,
    });
  });
});
