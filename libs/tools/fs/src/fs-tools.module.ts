import { Module } from '@nestjs/common';

import { CopyTool } from './copy.tool.js';
import { DeleteTool } from './delete.tool.js';
import { ListTool } from './list.tool.js';
import { MkdirTool } from './mkdir.tool.js';
import { MoveTool } from './move.tool.js';
import { PatchTool } from './patch.tool.js';
import { ReadFileTool } from './read-file.tool.js';
import { SearchTool } from './search.tool.js';
import { StatTool } from './stat.tool.js';
import { WriteFileTool } from './write-file.tool.js';

/** CATALOG.md 4: the ten `fs.*` tools. They reach files only through `ToolContext.workspace`. */
@Module({
  providers: [
    ListTool,
    ReadFileTool,
    WriteFileTool,
    MkdirTool,
    MoveTool,
    CopyTool,
    DeleteTool,
    StatTool,
    PatchTool,
    SearchTool,
  ],
})
export class FsToolsModule {}
