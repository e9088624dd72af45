import { Module } from '@nestjs/common';

import { NodeBuildTool } from './build.tool.js';
import { NodeInstallTool } from './install.tool.js';
import { NodeLintTool } from './lint.tool.js';
import { NodeTestTool } from './test.tool.js';
import { NodeTypecheckTool } from './typecheck.tool.js';

/** CATALOG.md 7: the five `node.*` tools (npm through `ToolContext.workspace`). */
@Module({
  providers: [NodeInstallTool, NodeBuildTool, NodeTestTool, NodeLintTool, NodeTypecheckTool],
})
export class NodeToolsModule {}
