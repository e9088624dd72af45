import {
  ConnectionLeases,
  ConnectionProfiles,
  connectionPolicy,
  enumSchema,
  inputSchema,
  integerSchema,
  maxBytesSchema,
  outputSchema,
  PROFILE_ID_SCHEMA,
  readInteger,
  readString,
  readTimeoutMs,
  stringSchema,
  timeoutMsSchema,
} from '#app/connections';
import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { type DeliverMode, pullFromStream } from './jetstream-pull.js';
import { MessageCollector, readUntilDone } from './message-collector.js';
import { natsProfile } from './nats-args.js';
import { runWithNats } from './nats-connection.js';

@Tool({
  name: 'nats.subscribe_pull',
  description:
    'Read a bounded batch from a NATS subject: JetStream history when a stream captures it, else live core messages.',
  inputSchema: inputSchema(
    {
      profile_id: PROFILE_ID_SCHEMA,
      subject: stringSchema('Subject (wildcards allowed); must match the profile subjects'),
      max_messages: integerSchema('Stop after this many messages', 1, 100, 10),
      max_bytes: maxBytesSchema('Byte budget shared by all messages', 262_144),
      timeout_ms: timeoutMsSchema(2000),
      deliver: enumSchema(
        'JetStream start: all stored, last stored, or only new messages',
        ['all', 'last', 'new'],
        'new',
      ),
    },
    ['profile_id', 'subject'],
  ),
  outputSchema: outputSchema({
    profile_id: 'string',
    subject: 'string',
    mode: { type: 'string', enum: ['jetstream', 'core'] },
    stream: 'string',
    deliver: 'string',
    messages: 'array',
    message_count: 'integer',
    total_bytes: 'integer',
    truncated: 'boolean',
  }),
  scope: 'external',
  sideEffects: 'none',
  riskLevel: 'medium',
  requiresApproval: false,
  idempotency: 'best-effort',
  timeoutSeconds: 30,
  maxRetries: 0,
  outputLimitKb: 2048,
  policy: connectionPolicy('subject_fields', 'subject'),
  examples: [
    { profile_id: 'dev.nats', subject: 'dev.orders.>', deliver: 'all', max_messages: 20 },
    { profile_id: 'dev.nats', subject: 'dev.events', timeout_ms: 5000 },
  ],
})
export class NatsSubscribePullTool implements ToolHandler {
  constructor(
    private readonly profiles: ConnectionProfiles,
    private readonly leases: ConnectionLeases,
  ) {}

  async execute({ session, args, signal }: ToolContext): Promise<ToolResult> {
    const { profile, subject } = natsProfile(this.profiles, session.metadata, args, {
      wildcards: true,
    });
    const maxMessages = readInteger(args, 'max_messages', 10, 1, 100);
    const deliver = readString(args, 'deliver', 'new') as DeliverMode;
    const collector = new MessageCollector(
      maxMessages,
      readInteger(args, 'max_bytes', 262_144, 1, 1_048_576),
    );
    const timeoutMs = readTimeoutMs(args, 2000);
    const endpoint = this.profiles.endpointFor(profile, 'nats');
    const stream = await runWithNats(
      this.leases,
      endpoint,
      'workspace-tool-nats-subscribe',
      timeoutMs,
      signal,
      async (nc, deadline) => {
        const captured = await pullFromStream(nc, subject, deliver, deadline, collector);
        if (captured !== undefined) {
          return captured;
        }
        // Core fallback: only messages published during the window (`deliver` behaves as `new`).
        const subscription = nc.subscribe(subject, { max: maxMessages });
        await nc.flush();
        await readUntilDone(subscription, deadline, (message) => collector.add(message));
        return '';
      },
    );
    return {
      output: {
        profile_id: profile.id,
        subject,
        mode: stream === '' ? 'core' : 'jetstream',
        stream,
        deliver: stream === '' ? 'new' : deliver,
        messages: collector.messages,
        message_count: collector.messages.length,
        total_bytes: collector.totalBytes,
        truncated: collector.truncated,
      },
    };
  }
}
