import { Module } from '@nestjs/common';

import { GitApplyPatchTool } from './apply-patch.tool.js';
import { GitBranchListTool } from './branch-list.tool.js';
import { GitCheckoutTool } from './checkout.tool.js';
import { GitCommitTool } from './commit.tool.js';
import { GitDiffTool } from './diff.tool.js';
import { GitFetchTool } from './fetch.tool.js';
import { GitLogTool } from './log.tool.js';
import { GitPullTool } from './pull.tool.js';
import { GitPushTool } from './push.tool.js';
import { GitShowTool } from './show.tool.js';
import { GitStatusTool } from './status.tool.js';

/**
 * CATALOG.md 5: the eleven `git.*` tools. They run git only through `ToolContext.workspace`. Needs the
 * global `ConfigModule` (`WORKSPACE_SOURCE_REPO_ALLOWLIST` and the roots, for local remotes).
 */
@Module({
  providers: [
    GitStatusTool,
    GitDiffTool,
    GitApplyPatchTool,
    GitCheckoutTool,
    GitLogTool,
    GitShowTool,
    GitBranchListTool,
    GitCommitTool,
    GitPushTool,
    GitFetchTool,
    GitPullTool,
  ],
})
export class GitToolsModule {}
