import { Module } from '@nestjs/common';

import { ApplyPatchTool } from './apply-patch.tool.js';
import { BranchListTool } from './branch-list.tool.js';
import { CheckoutTool } from './checkout.tool.js';
import { CommitTool } from './commit.tool.js';
import { DiffTool } from './diff.tool.js';
import { FetchTool } from './fetch.tool.js';
import { LogTool } from './log.tool.js';
import { PullTool } from './pull.tool.js';
import { PushTool } from './push.tool.js';
import { ShowTool } from './show.tool.js';
import { StatusTool } from './status.tool.js';

/**
 * CATALOG.md 5: the eleven `git.*` tools. They run git only through `ToolContext.workspace`. Needs the
 * global `ConfigModule` (`WORKSPACE_SOURCE_REPO_ALLOWLIST` and the roots, for local remotes).
 */
@Module({
  providers: [
    StatusTool,
    DiffTool,
    ApplyPatchTool,
    CheckoutTool,
    LogTool,
    ShowTool,
    BranchListTool,
    CommitTool,
    PushTool,
    FetchTool,
    PullTool,
  ],
})
export class GitToolsModule {}
