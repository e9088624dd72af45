import { Module } from '@nestjs/common';
import { WordCountTool } from './word-count.tool.js';

/**
 * The `text.*` family. Listing a `@Tool()` class as a provider is all it takes: the registry finds
 * it at bootstrap. The service serves it once passed in:
 * `bootstrap({ toolModules: [TextToolsModule] })`.
 */
@Module({
  providers: [WordCountTool],
})
export class TextToolsModule {}
