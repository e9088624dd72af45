import {
  ConnectionLeases,
  ConnectionProfiles,
  connectionPolicy,
  inputSchema,
  outputSchema,
  PROFILE_ID_SCHEMA,
  readTimeoutMs,
  stringSchema,
  timeoutMsSchema,
  withinBudget,
} from '#app/connections';
import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { mapQueueError, rabbitProfile } from './rabbit-args.js';
import { ignore, runWithRabbit } from './rabbit-connection.js';

@Tool({
  name: 'rabbit.queue_info',
  description: 'Ready message count and consumer count of a RabbitMQ queue (passive declare).',
  inputSchema: inputSchema(
    {
      profile_id: PROFILE_ID_SCHEMA,
      queue: stringSchema('Queue; must match the profile queues'),
      timeout_ms: timeoutMsSchema(2000),
    },
    ['profile_id', 'queue'],
  ),
  outputSchema: outputSchema({
    profile_id: 'string',
    queue: 'string',
    messages: 'integer',
    consumers: 'integer',
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
export class RabbitQueueInfoTool implements ToolHandler {
  constructor(
    private readonly profiles: ConnectionProfiles,
    private readonly leases: ConnectionLeases,
  ) {}

  async execute({ session, args, signal }: ToolContext): Promise<ToolResult> {
    const { profile, queue } = rabbitProfile(this.profiles, session.metadata, args);
    const endpoint = this.profiles.endpointFor(profile, 'rabbitmq');
    const info = await runWithRabbit(
      this.leases,
      endpoint,
      readTimeoutMs(args, 2000),
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
