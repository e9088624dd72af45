import { ConnectionProfiles } from '#app/connections';
import type { JsonObject } from '#app/contracts';
import { connectionContext, profilesMetadata, type ContextOptions } from '#app/connections/testing';
import { callTool } from '#app/testing';
import type { ToolResult } from '#app/tool-registry';
import { ConnListProfilesTool } from './list-profiles.tool.js';

describe('ConnListProfilesTool', () => {
  const tool = new ConnListProfilesTool(
    new ConnectionProfiles({ endpoints: { 'dev.nats': 'nats://u:p@h:1' }, hostAllowlist: null }),
  );
  // Validated against the declared schema, as the pipeline does.
  const run = (args: JsonObject, options?: ContextOptions): Promise<ToolResult> =>
    callTool(tool, { ...connectionContext(args, options), args });

  it('should list the built-in profiles without endpoints or credentials when no custom list is set', async () => {
    const result = await run({});
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
    expect((await run({}, { metadata })).output).toEqual({
      profiles: [
        { id: 'a', kind: 'nats', description: '', read_only: false, scopes: {} },
        { id: 'b', kind: 'redis', description: '', read_only: false, scopes: {} },
      ],
      count: 2,
    });
  });
});
