import { Module } from '@nestjs/common';

import { ArtifactDownloadTool } from './download.tool.js';
import { ArtifactListTool } from './list.tool.js';
import { ArtifactUploadTool } from './upload.tool.js';

/** CATALOG.md 16: attach workspace files to an invocation, fetch them inline, list candidates. */
@Module({ providers: [ArtifactUploadTool, ArtifactDownloadTool, ArtifactListTool] })
export class ArtifactToolsModule {}
