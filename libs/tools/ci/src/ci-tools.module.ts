import { Module } from '@nestjs/common';

import { RunPipelineTool } from './run-pipeline.tool.js';

/**
 * CATALOG.md 8: `ci.run_pipeline`. Its steps are the `repo.*` and `quality.gate` catalog tools,
 * looked up in the (global) `ToolRegistry` at run time rather than imported from their families.
 */
@Module({ providers: [RunPipelineTool] })
export class CiToolsModule {}
