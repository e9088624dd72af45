import { errors } from '@nats-io/transport-node';
import { Type } from '@sinclair/typebox';
import {
  ConnectionLeases,
  ConnectionProfiles,
  connectionPolicy,
  decodePayload,
  MaxBytesArg,
  ProfileIdArg,
  TimeoutMsArg,
} from '#app/connections';
import { AppException } from '#app/errors';
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

const NatsRequestArgs = ToolArgs({
  profile_id: ProfileIdArg,
  subject: Type.String({
    description: 'Subject; must match the profile subjects by NATS token rules',
  }),
  payload: Defaulted(
    Type.String({ description: 'Request payload, encoded as payload_encoding says', default: '' }),
  ),
  payload_encoding: PayloadEncodingArg,
  timeout_ms: TimeoutMsArg(2000),
  max_bytes: MaxBytesArg('Cut the reply to this many bytes', 65_536),
});

@Tool({
  name: 'nats.request',
  description:
    'Send one NATS request and return the reply (cut to max_bytes), through a connection profile.',
  inputSchema: NatsRequestArgs,
  outputSchema: ToolOutput({
    profile_id: Type.String(),
    subject: Type.String(),
    response_base64: Type.String(),
    response_bytes: Type.Integer(),
    truncated: Type.Boolean(),
  }),
  scope: 'external',
  sideEffects: 'reversible',
  riskLevel: 'medium',
  requiresApproval: false,
  idempotency: 'best-effort',
  timeoutSeconds: 20,
  maxRetries: 0,
  outputLimitKb: 1024,
  policy: connectionPolicy('subject_fields', 'subject'),
  examples: [{ profile_id: 'dev.nats', subject: 'dev.echo', payload: 'ping' }],
})
export class NatsRequestTool implements ToolHandler<typeof NatsRequestArgs> {
  constructor(
    private readonly profiles: ConnectionProfiles,
    private readonly leases: ConnectionLeases,
  ) {}

  async execute({
    session,
    args,
    signal,
  }: ToolContext<typeof NatsRequestArgs>): Promise<ToolResult> {
    const { profile, subject } = natsProfile(this.profiles, session.metadata, args, {
      wildcards: false,
    });
    const payload = decodePayload(args.payload, args.payload_encoding);
    const maxBytes = args.max_bytes;
    const timeoutMs = args.timeout_ms;
    const endpoint = this.profiles.endpointFor(profile, 'nats');
    const reply = await runWithNats(
      this.leases,
      endpoint,
      'workspace-tool-nats-request',
      timeoutMs,
      signal,
      async (nc, deadline) => {
        try {
          return (await nc.request(subject, payload, { timeout: deadline.remainingMs() })).data;
        } catch (error) {
          throw mapRequestError(error, timeoutMs);
        }
      },
    );
    return {
      output: {
        profile_id: profile.id,
        subject,
        response_base64: Buffer.from(reply.subarray(0, maxBytes)).toString('base64'),
        response_bytes: reply.length,
        truncated: reply.length > maxBytes,
      },
    };
  }
}

function mapRequestError(error: unknown, timeoutMs: number): unknown {
  if (error instanceof errors.RequestError && error.isNoResponders()) {
    return new AppException('execution_failed', 'no responders for subject');
  }
  if (error instanceof errors.NoRespondersError) {
    return new AppException('execution_failed', 'no responders for subject');
  }
  if (
    error instanceof errors.TimeoutError ||
    (error instanceof errors.RequestError && error.cause instanceof errors.TimeoutError)
  ) {
    return new AppException('timeout', `nats request timed out after ${timeoutMs}ms`, {
      retryable: true,
    });
  }
  return error;
}
