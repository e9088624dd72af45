import { Type } from '@sinclair/typebox';
import {
  assertPayloadSize,
  assertWritable,
  ConnectionLeases,
  ConnectionProfiles,
  connectionPolicy,
  decodePayload,
  MaxBytesArg,
  ProfileIdArg,
  TimeoutMsArg,
  withinBudget,
} from '#app/connections';
import {
  Defaulted,
  Tool,
  ToolArgs,
  ToolOutput,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import { natsProfile } from './nats-args.js';
import { runWithNats } from './nats-connection.js';
import { PayloadEncodingArg } from './payload-encoding.schema.js';

const NatsPublishArgs = ToolArgs({
  profile_id: ProfileIdArg,
  subject: Type.String({
    description: 'Subject; must match the profile subjects by NATS token rules',
  }),
  payload: Defaulted(
    Type.String({ description: 'Message payload, encoded as payload_encoding says', default: '' }),
  ),
  payload_encoding: PayloadEncodingArg,
  timeout_ms: TimeoutMsArg(2000),
  max_bytes: MaxBytesArg('Refuse a decoded payload larger than this', 65_536),
});

@Tool({
  name: 'nats.publish',
  description: 'Publish one message on a NATS subject through a writable connection profile.',
  inputSchema: NatsPublishArgs,
  outputSchema: ToolOutput({
    profile_id: Type.String(),
    subject: Type.String(),
    payload_bytes: Type.Integer(),
    payload_encoding: Type.String(),
    published: Type.Boolean(),
  }),
  scope: 'external',
  sideEffects: 'reversible',
  riskLevel: 'medium',
  requiresApproval: true,
  idempotency: 'best-effort',
  timeoutSeconds: 20,
  maxRetries: 0,
  outputLimitKb: 256,
  policy: connectionPolicy('subject_fields', 'subject'),
  examples: [
    { profile_id: 'sandbox.nats', subject: 'sandbox.events', payload: '{"hello":"world"}' },
  ],
})
export class NatsPublishTool implements ToolHandler<typeof NatsPublishArgs> {
  constructor(
    private readonly profiles: ConnectionProfiles,
    private readonly leases: ConnectionLeases,
  ) {}

  async execute({
    session,
    args,
    signal,
  }: ToolContext<typeof NatsPublishArgs>): Promise<ToolResult> {
    const { profile, subject } = natsProfile(this.profiles, session.metadata, args, {
      wildcards: false,
    });
    assertWritable(profile);
    const encoding = args.payload_encoding;
    const payload = decodePayload(args.payload, encoding);
    assertPayloadSize(payload, args.max_bytes);
    const timeoutMs = args.timeout_ms;
    const endpoint = this.profiles.endpointFor(profile, 'nats');
    await runWithNats(
      this.leases,
      endpoint,
      'workspace-tool-nats-publish',
      timeoutMs,
      signal,
      async (nc, deadline) => {
        nc.publish(subject, payload);
        // Running out of budget here surfaces as `timeout` (ConnectionLeases).
        await withinBudget(nc.flush(), deadline.remainingMs());
      },
    );
    return {
      output: {
        profile_id: profile.id,
        subject,
        payload_bytes: payload.length,
        payload_encoding: encoding,
        published: true,
      },
    };
  }
}
