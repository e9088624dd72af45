import { Module } from '@nestjs/common';

import { DownloadTool } from './download.tool.js';
import { ListArtifactsTool } from './list.tool.js';
import { UploadTool } from './upload.tool.js';

/** CATALOG.md 16: attach workspace files to an invocation, fetch them inline, list candidates. */
@Module({ providers: [UploadTool, DownloadTool, ListArtifactsTool] })
export class ArtifactToolsModule {}
