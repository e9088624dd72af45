import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ToolExplorer } from './tool-explorer.js';
import { ToolRegistry } from './tool-registry.js';

/** Imported once by the composition root; tool families only declare `@Tool()` providers. */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [ToolRegistry, ToolExplorer],
  exports: [ToolRegistry],
})
export class ToolRegistryModule {}
