import { Module } from '@nestjs/common';

import { GoBuildTool } from './build.tool.js';
import { GoGenerateTool } from './generate.tool.js';
import { GoModTidyTool } from './mod-tidy.tool.js';
import { GoTestTool } from './test.tool.js';

/** CATALOG.md 7: the four `go.*` tools. They run programs only through `ToolContext.workspace`. */
@Module({ providers: [GoModTidyTool, GoGenerateTool, GoBuildTool, GoTestTool] })
export class GoToolsModule {}
