import { Module } from '@nestjs/common';
import { ConnectionsModule } from '#app/connections';
import { MongoAggregateTool } from './aggregate.tool.js';
import { MongoFindTool } from './find.tool.js';

/** CATALOG.md 15: the two read-only `mongo.*` tools; a new MongoClient per call. */
@Module({
  imports: [ConnectionsModule],
  providers: [MongoFindTool, MongoAggregateTool],
})
export class MongoToolsModule {}
