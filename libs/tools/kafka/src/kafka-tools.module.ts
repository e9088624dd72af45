import { Module } from '@nestjs/common';
import { ConnectionsModule } from '#app/connections';
import { KafkaConsumeTool } from './consume.tool.js';
import { KafkaProduceTool } from './produce.tool.js';
import { KafkaTopicMetadataTool } from './topic-metadata.tool.js';

/** CATALOG.md 12: the three `kafka.*` tools; a new kafkajs client per call, never a consumer group. */
@Module({
  imports: [ConnectionsModule],
  providers: [KafkaConsumeTool, KafkaProduceTool, KafkaTopicMetadataTool],
})
export class KafkaToolsModule {}
