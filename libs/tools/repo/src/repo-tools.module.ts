import { Module } from '@nestjs/common';

import { RepoBuildTool } from './build.tool.js';
import { RepoChangedFilesTool } from './changed-files.tool.js';
import { RepoCoverageReportTool } from './coverage-report.tool.js';
import { RepoDetectProjectTypeTool } from './detect-project-type.tool.js';
import { RepoDetectToolchainTool } from './detect-toolchain.tool.js';
import { RepoFindReferencesTool } from './find-references.tool.js';
import { RepoPackageTool } from './package.tool.js';
import { RepoRunTestsTool } from './run-tests.tool.js';
import { RepoStacktraceSummaryTool } from './stacktrace-summary.tool.js';
import { RepoStaticAnalysisTool } from './static-analysis.tool.js';
import { RepoSymbolSearchTool } from './symbol-search.tool.js';
import { RepoTestFailuresSummaryTool } from './test-failures-summary.tool.js';
import { RepoTestTool } from './test.tool.js';
import { RepoValidateTool } from './validate.tool.js';

/** CATALOG.md 6: the fourteen `repo.*` tools. They run programs only through `ToolContext.workspace`. */
@Module({
  providers: [
    RepoDetectProjectTypeTool,
    RepoDetectToolchainTool,
    RepoValidateTool,
    RepoBuildTool,
    RepoTestTool,
    RepoRunTestsTool,
    RepoTestFailuresSummaryTool,
    RepoStacktraceSummaryTool,
    RepoChangedFilesTool,
    RepoSymbolSearchTool,
    RepoFindReferencesTool,
    RepoCoverageReportTool,
    RepoStaticAnalysisTool,
    RepoPackageTool,
  ],
})
export class RepoToolsModule {}
