import { Module } from '@nestjs/common';
import { TextWordCountTool } from './word-count.tool.js';

/**
 * The `text.*` family. Listing a `@Tool()` class as a provider is all it takes: the registry finds
 * it at bootstrap. The service serves it once passed in:
 * `bootstrap({ toolModules: [TextToolsModule] })`.
 */
@Module({
  providers: [TextWordCountTool],
})
export class TextToolsModule {}
