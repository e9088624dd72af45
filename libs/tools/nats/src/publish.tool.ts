import {
  assertPayloadSize,
  assertWritable,
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
  withinBudget,
} from '#app/connections';
import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { natsProfile, PAYLOAD_ENCODINGS } from './nats-args.js';
import { runWithNats } from './nats-connection.js';

@Tool({
  name: 'nats.publish',
  description: 'Publish one message on a NATS subject through a writable connection profile.',
  inputSchema: inputSchema(
    {
      profile_id: PROFILE_ID_SCHEMA,
      subject: stringSchema('Subject; must match the profile subjects by NATS token rules'),
      payload: stringSchema('Message payload, encoded as payload_encoding says', ''),
      payload_encoding: enumSchema('Encoding of payload', PAYLOAD_ENCODINGS, 'utf8'),
      timeout_ms: timeoutMsSchema(2000),
      max_bytes: maxBytesSchema('Refuse a decoded payload larger than this', 65_536),
    },
    ['profile_id', 'subject'],
  ),
  outputSchema: outputSchema({
    profile_id: 'string',
    subject: 'string',
    payload_bytes: 'integer',
    payload_encoding: 'string',
    published: 'boolean',
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
export class NatsPublishTool implements ToolHandler {
  constructor(
    private readonly profiles: ConnectionProfiles,
    private readonly leases: ConnectionLeases,
  ) {}

  async execute({ session, args, signal }: ToolContext): Promise<ToolResult> {
    const { profile, subject } = natsProfile(this.profiles, session.metadata, args, {
      wildcards: false,
    });
    assertWritable(profile);
    const encoding = readString(args, 'payload_encoding', 'utf8');
    const payload = decodePayload(readString(args, 'payload'), encoding);
    assertPayloadSize(payload, readInteger(args, 'max_bytes', 65_536, 1, 1_048_576));
    const timeoutMs = readTimeoutMs(args, 2000);
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
