import { errors } from '@nats-io/transport-node';
import {
  ConnectionLeases,
  ConnectionProfiles,
  connectionPolicy,
  decodePayload,
  enumSchema,
  inputSchema,
  maxBytesSchema,
  outputSchema,
  PROFILE_ID_SCHEMA,
  readInteger,
  readString,
  readTimeoutMs,
  stringSchema,
  timeoutMsSchema,
} from '#app/connections';
import { AppException } from '#app/errors';
import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { natsProfile, PAYLOAD_ENCODINGS } from './nats-args.js';
import { runWithNats } from './nats-connection.js';

@Tool({
  name: 'nats.request',
  description:
    'Send one NATS request and return the reply (cut to max_bytes), through a connection profile.',
  inputSchema: inputSchema(
    {
      profile_id: PROFILE_ID_SCHEMA,
      subject: stringSchema('Subject; must match the profile subjects by NATS token rules'),
      payload: stringSchema('Request payload, encoded as payload_encoding says', ''),
      payload_encoding: enumSchema('Encoding of payload', PAYLOAD_ENCODINGS, 'utf8'),
      timeout_ms: timeoutMsSchema(2000),
      max_bytes: maxBytesSchema('Cut the reply to this many bytes', 65_536),
    },
    ['profile_id', 'subject'],
  ),
  outputSchema: outputSchema({
    profile_id: 'string',
    subject: 'string',
    response_base64: 'string',
    response_bytes: 'integer',
    truncated: 'boolean',
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
export class NatsRequestTool implements ToolHandler {
  constructor(
    private readonly profiles: ConnectionProfiles,
    private readonly leases: ConnectionLeases,
  ) {}

  async execute({ session, args, signal }: ToolContext): Promise<ToolResult> {
    const { profile, subject } = natsProfile(this.profiles, session.metadata, args, {
      wildcards: false,
    });
    const payload = decodePayload(
      readString(args, 'payload'),
      readString(args, 'payload_encoding', 'utf8'),
    );
    const maxBytes = readInteger(args, 'max_bytes', 65_536, 1, 1_048_576);
    const timeoutMs = readTimeoutMs(args, 2000);
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
