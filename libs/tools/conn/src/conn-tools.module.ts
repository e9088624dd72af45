import { Module } from '@nestjs/common';
import { ConnectionsModule } from '#app/connections';
import { ConnDescribeProfileTool } from './describe-profile.tool.js';
import { ConnListProfilesTool } from './list-profiles.tool.js';

/** CATALOG.md 9: the two `conn.*` tools. Neither connects anywhere. */
@Module({
  imports: [ConnectionsModule],
  providers: [ConnListProfilesTool, ConnDescribeProfileTool],
})
export class ConnToolsModule {}
