import { Module } from '@nestjs/common';
import { ConnectionsModule } from '#app/connections';
import { ApiBenchmarkTool } from './benchmark.tool.js';

/** CATALOG.md 10: `api.benchmark`, a bounded in-process load test of an allowlisted route. */
@Module({
  imports: [ConnectionsModule],
  providers: [ApiBenchmarkTool],
})
export class ApiToolsModule {}
