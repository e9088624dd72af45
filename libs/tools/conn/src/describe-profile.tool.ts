import {
  ConnectionProfiles,
  connectionPolicy,
  inputSchema,
  outputSchema,
  PROFILE_ID_SCHEMA,
  readString,
} from '#app/connections';
import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { PROFILE_SCHEMA } from './conn-schemas.js';

@Tool({
  name: 'conn.describe_profile',
  description: 'Describe one visible connection profile: kind, read-only flag and scope lists.',
  inputSchema: inputSchema({ profile_id: PROFILE_ID_SCHEMA }, ['profile_id']),
  outputSchema: outputSchema({ profile: PROFILE_SCHEMA }),
  scope: 'workspace',
  sideEffects: 'none',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'guaranteed',
  timeoutSeconds: 10,
  maxRetries: 0,
  outputLimitKb: 128,
  policy: connectionPolicy(),
  examples: [{ profile_id: 'dev.nats' }],
})
export class DescribeProfileTool implements ToolHandler {
  constructor(private readonly profiles: ConnectionProfiles) {}

  async execute({ session, args }: ToolContext): Promise<ToolResult> {
    const profile = this.profiles.describe(session.metadata, readString(args, 'profile_id'));
    return { output: { profile: { ...profile } } };
  }
}
