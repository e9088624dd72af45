import { Module } from '@nestjs/common';

import { CiRunPipelineTool } from './run-pipeline.tool.js';

/**
 * CATALOG.md 8: `ci.run_pipeline`. Its steps are the `repo.*` and `quality.gate` catalog tools,
 * looked up in the (global) `ToolRegistry` at run time rather than imported from their families.
 */
@Module({ providers: [CiRunPipelineTool] })
export class CiToolsModule {}
