import { Module } from '@nestjs/common';
import { ConnectionsModule } from '#app/connections';
import { RabbitConsumeTool } from './consume.tool.js';
import { RabbitPublishTool } from './publish.tool.js';
import { RabbitQueueInfoTool } from './queue-info.tool.js';

/** CATALOG.md 13: the three `rabbit.*` tools; a new connection and channel per call. */
@Module({
  imports: [ConnectionsModule],
  providers: [RabbitConsumeTool, RabbitPublishTool, RabbitQueueInfoTool],
})
export class RabbitToolsModule {}
