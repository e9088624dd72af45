import { Module } from '@nestjs/common';

import { RustBuildTool } from './build.tool.js';
import { RustClippyTool } from './clippy.tool.js';
import { RustFormatTool } from './format.tool.js';
import { RustTestTool } from './test.tool.js';

/** CATALOG.md 7: the four `rust.*` tools (cargo through `ToolContext.workspace`). */
@Module({ providers: [RustBuildTool, RustTestTool, RustClippyTool, RustFormatTool] })
export class RustToolsModule {}
