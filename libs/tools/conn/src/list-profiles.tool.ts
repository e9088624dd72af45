import { Type } from '@sinclair/typebox';
import { ConnectionProfiles } from '#app/connections';
import {
  Tool,
  ToolArgs,
  ToolOutput,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import { CONNECTION_PROFILE } from './connection-profile.schema.js';

const ListProfilesArgs = ToolArgs({});

@Tool({
  name: 'conn.list_profiles',
  description:
    'List the connection profiles visible to this session (never endpoints or credentials).',
  inputSchema: ListProfilesArgs,
  outputSchema: ToolOutput({
    profiles: Type.Array(CONNECTION_PROFILE),
    count: Type.Integer(),
  }),
  scope: 'workspace',
  sideEffects: 'none',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'guaranteed',
  timeoutSeconds: 10,
  maxRetries: 0,
  outputLimitKb: 256,
  examples: [{}],
})
export class ConnListProfilesTool implements ToolHandler<typeof ListProfilesArgs> {
  constructor(private readonly profiles: ConnectionProfiles) {}

  async execute({ session }: ToolContext<typeof ListProfilesArgs>): Promise<ToolResult> {
    const profiles = this.profiles.list(session.metadata);
    return {
      output: { profiles: profiles.map((profile) => ({ ...profile })), count: profiles.length },
    };
  }
}
