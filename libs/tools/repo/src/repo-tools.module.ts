import { Module } from '@nestjs/common';

import { BuildTool } from './build.tool.js';
import { ChangedFilesTool } from './changed-files.tool.js';
import { CoverageReportTool } from './coverage-report.tool.js';
import { DetectProjectTypeTool } from './detect-project-type.tool.js';
import { DetectToolchainTool } from './detect-toolchain.tool.js';
import { FindReferencesTool } from './find-references.tool.js';
import { PackageTool } from './package.tool.js';
import { RunTestsTool } from './run-tests.tool.js';
import { StacktraceSummaryTool } from './stacktrace-summary.tool.js';
import { StaticAnalysisTool } from './static-analysis.tool.js';
import { SymbolSearchTool } from './symbol-search.tool.js';
import { TestFailuresSummaryTool } from './test-failures-summary.tool.js';
import { TestTool } from './test.tool.js';
import { ValidateTool } from './validate.tool.js';

/** CATALOG.md 6: the fourteen `repo.*` tools. They run programs only through `ToolContext.workspace`. */
@Module({
  providers: [
    DetectProjectTypeTool,
    DetectToolchainTool,
    ValidateTool,
    BuildTool,
    TestTool,
    RunTestsTool,
    TestFailuresSummaryTool,
    StacktraceSummaryTool,
    ChangedFilesTool,
    SymbolSearchTool,
    FindReferencesTool,
    CoverageReportTool,
    StaticAnalysisTool,
    PackageTool,
  ],
})
export class RepoToolsModule {}
