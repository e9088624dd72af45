import { ConnectionProfiles, inputSchema, outputSchema } from '#app/connections';
import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { PROFILE_SCHEMA } from './conn-schemas.js';

@Tool({
  name: 'conn.list_profiles',
  description:
    'List the connection profiles visible to this session (never endpoints or credentials).',
  inputSchema: inputSchema({}),
  outputSchema: outputSchema({
    profiles: { type: 'array', items: PROFILE_SCHEMA },
    count: 'integer',
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
export class ListProfilesTool implements ToolHandler {
  constructor(private readonly profiles: ConnectionProfiles) {}

  async execute({ session }: ToolContext): Promise<ToolResult> {
    const profiles = this.profiles.list(session.metadata);
    return {
      output: { profiles: profiles.map((profile) => ({ ...profile })), count: profiles.length },
    };
  }
}
