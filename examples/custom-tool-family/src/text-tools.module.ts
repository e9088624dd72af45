import { Module } from '@nestjs/common';
import { WordCountTool } from './word-count.tool.js';

/**
 * The `text.*` family. Listing a `@Tool()` class as a provider is all it takes: the registry finds
 * it at bootstrap. Pass the module to the service with `bootstrap({ toolModules: [TextToolsModule] })`.
 */
@Module({
  providers: [WordCountTool],
})
export class TextToolsModule {}
