import { Module } from '@nestjs/common';

import { FsCopyTool } from './copy.tool.js';
import { FsDeleteTool } from './delete.tool.js';
import { FsListTool } from './list.tool.js';
import { FsMkdirTool } from './mkdir.tool.js';
import { FsMoveTool } from './move.tool.js';
import { FsPatchTool } from './patch.tool.js';
import { FsReadFileTool } from './read-file.tool.js';
import { FsSearchTool } from './search.tool.js';
import { FsStatTool } from './stat.tool.js';
import { FsWriteFileTool } from './write-file.tool.js';

/** CATALOG.md 4: the ten `fs.*` tools. They reach files only through `ToolContext.workspace`. */
@Module({
  providers: [
    FsListTool,
    FsReadFileTool,
    FsWriteFileTool,
    FsMkdirTool,
    FsMoveTool,
    FsCopyTool,
    FsDeleteTool,
    FsStatTool,
    FsPatchTool,
    FsSearchTool,
  ],
})
export class FsToolsModule {}
