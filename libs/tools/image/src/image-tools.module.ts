import { Module } from '@nestjs/common';
import { ImageBuildTool } from './build.tool.js';
import { ImageInspectTool } from './inspect.tool.js';
import { ImagePushTool } from './push.tool.js';

/**
 * CATALOG.md 17: `image.build`, `image.push`, `image.inspect`. Builders (buildah, podman, docker)
 * are detected per call through the session's runner; without a working one build and non-strict
 * push answer the synthetic results of CATALOG.md 3.12.
 */
@Module({
  providers: [ImageBuildTool, ImagePushTool, ImageInspectTool],
})
export class ImageToolsModule {}
