import { Module } from '@nestjs/common';
import { ConnectionsModule } from '#app/connections';
import { DescribeProfileTool } from './describe-profile.tool.js';
import { ListProfilesTool } from './list-profiles.tool.js';

/** CATALOG.md 9: the two `conn.*` tools. Neither connects anywhere. */
@Module({
  imports: [ConnectionsModule],
  providers: [ListProfilesTool, DescribeProfileTool],
})
export class ConnToolsModule {}
