import { ConnectionProfiles, connectionPolicy, ProfileIdArg } from '#app/connections';
import {
  Tool,
  ToolArgs,
  ToolOutput,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import { CONNECTION_PROFILE } from './connection-profile.schema.js';

const DescribeProfileArgs = ToolArgs({ profile_id: ProfileIdArg });

@Tool({
  name: 'conn.describe_profile',
  description: 'Describe one visible connection profile: kind, read-only flag and scope lists.',
  inputSchema: DescribeProfileArgs,
  outputSchema: ToolOutput({ profile: CONNECTION_PROFILE }),
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
export class ConnDescribeProfileTool implements ToolHandler<typeof DescribeProfileArgs> {
  constructor(private readonly profiles: ConnectionProfiles) {}

  async execute({ session, args }: ToolContext<typeof DescribeProfileArgs>): Promise<ToolResult> {
    const profile = this.profiles.describe(session.metadata, args.profile_id);
    return { output: { profile: { ...profile } } };
  }
}
