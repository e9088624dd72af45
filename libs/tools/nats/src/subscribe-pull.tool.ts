import { Type } from '@sinclair/typebox';
import {
  ConnectionLeases,
  ConnectionProfiles,
  connectionPolicy,
  MaxBytesArg,
  ProfileIdArg,
  TimeoutMsArg,
} from '#app/connections';
import {
  Defaulted,
  OpaqueArray,
  StringEnum,
  Tool,
  ToolArgs,
  ToolOutput,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import { type DeliverMode, pullFromStream } from './jetstream-pull.js';
import { MessageCollector, readUntilDone } from './message-collector.js';
import { natsProfile } from './nats-args.js';
import { runWithNats } from './nats-connection.js';

const NatsSubscribePullArgs = ToolArgs({
  profile_id: ProfileIdArg,
  subject: Type.String({
    description: 'Subject (wildcards allowed); must match the profile subjects',
  }),
  max_messages: Defaulted(
    Type.Integer({
      description: 'Stop after this many messages',
      minimum: 1,
      maximum: 100,
      default: 10,
    }),
  ),
  max_bytes: MaxBytesArg('Byte budget shared by all messages', 262_144),
  timeout_ms: TimeoutMsArg(2000),
  deliver: Defaulted(
    Type.Unsafe<DeliverMode>({
      type: 'string',
      description: 'JetStream start: all stored, last stored, or only new messages',
      enum: ['all', 'last', 'new'],
      default: 'new',
    }),
  ),
});

@Tool({
  name: 'nats.subscribe_pull',
  description:
    'Read a bounded batch from a NATS subject: JetStream history when a stream captures it, else live core messages.',
  inputSchema: NatsSubscribePullArgs,
  outputSchema: ToolOutput({
    profile_id: Type.String(),
    subject: Type.String(),
    mode: StringEnum(['jetstream', 'core']),
    stream: Type.String(),
    deliver: Type.String(),
    messages: OpaqueArray(),
    message_count: Type.Integer(),
    total_bytes: Type.Integer(),
    truncated: Type.Boolean(),
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
export class NatsSubscribePullTool implements ToolHandler<typeof NatsSubscribePullArgs> {
  constructor(
    private readonly profiles: ConnectionProfiles,
    private readonly leases: ConnectionLeases,
  ) {}

  async execute({
    session,
    args,
    signal,
  }: ToolContext<typeof NatsSubscribePullArgs>): Promise<ToolResult> {
    const { profile, subject } = natsProfile(this.profiles, session.metadata, args, {
      wildcards: true,
    });
    const maxMessages = args.max_messages;
    const deliver = args.deliver;
    const collector = new MessageCollector(maxMessages, args.max_bytes);
    const timeoutMs = args.timeout_ms;
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
