import { Module } from '@nestjs/common';
import { ConnectionsModule } from '#app/connections';
import { NatsPublishTool } from './publish.tool.js';
import { NatsRequestTool } from './request.tool.js';
import { NatsSubscribePullTool } from './subscribe-pull.tool.js';

/** CATALOG.md 11: the three `nats.*` tools; one connection per call, drained before returning. */
@Module({
  imports: [ConnectionsModule],
  providers: [NatsRequestTool, NatsPublishTool, NatsSubscribePullTool],
})
export class NatsToolsModule {}
