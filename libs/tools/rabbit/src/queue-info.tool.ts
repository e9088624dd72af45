import { Type } from '@sinclair/typebox';
import {
  ConnectionLeases,
  ConnectionProfiles,
  connectionPolicy,
  ProfileIdArg,
  TimeoutMsArg,
  withinBudget,
} from '#app/connections';
import {
  Tool,
  ToolArgs,
  ToolOutput,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import { mapQueueError, rabbitProfile } from './rabbit-args.js';
import { ignore, runWithRabbit } from './rabbit-connection.js';

const RabbitQueueInfoArgs = ToolArgs({
  profile_id: ProfileIdArg,
  queue: Type.String({ description: 'Queue; must match the profile queues' }),
  timeout_ms: TimeoutMsArg(2000),
});

@Tool({
  name: 'rabbit.queue_info',
  description: 'Ready message count and consumer count of a RabbitMQ queue (passive declare).',
  inputSchema: RabbitQueueInfoArgs,
  outputSchema: ToolOutput({
    profile_id: Type.String(),
    queue: Type.String(),
    messages: Type.Integer(),
    consumers: Type.Integer(),
  }),
  scope: 'external',
  sideEffects: 'none',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'guaranteed',
  timeoutSeconds: 20,
  maxRetries: 0,
  outputLimitKb: 256,
  policy: connectionPolicy('queue_fields', 'queue'),
  examples: [{ profile_id: 'dev.rabbit', queue: 'dev.orders' }],
})
export class RabbitQueueInfoTool implements ToolHandler<typeof RabbitQueueInfoArgs> {
  constructor(
    private readonly profiles: ConnectionProfiles,
    private readonly leases: ConnectionLeases,
  ) {}

  async execute({
    session,
    args,
    signal,
  }: ToolContext<typeof RabbitQueueInfoArgs>): Promise<ToolResult> {
    const { profile, queue } = rabbitProfile(this.profiles, session.metadata, args);
    const endpoint = this.profiles.endpointFor(profile, 'rabbitmq');
    const info = await runWithRabbit(
      this.leases,
      endpoint,
      args.timeout_ms,
      signal,
      async (connection, deadline) => {
        const channel = await withinBudget(connection.createChannel(), deadline.remainingMs());
        channel.on('error', ignore);
        return withinBudget(channel.checkQueue(queue), deadline.remainingMs()).catch(
          (error: unknown) => {
            throw mapQueueError(error);
          },
        );
      },
    );
    return {
      output: {
        profile_id: profile.id,
        queue,
        messages: info.messageCount,
        consumers: info.consumerCount,
      },
    };
  }
}
