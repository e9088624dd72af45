import { DiscoveryService } from '@nestjs/core';

/** Internal marker read by the explorer: the catalog tools a tool calls through `NestedToolInvoker`. */
export const UsesToolsMeta = DiscoveryService.createDecorator<readonly string[]>();

/**
 * Declares the catalog tools a `@Tool()` class calls. Startup fails, naming the caller, when one of
 * them is not registered (its family module is not imported).
 *
 * @example
 * ＠UsesTools('repo.build', 'repo.test')
 * ＠Tool({ name: 'ci.run_pipeline', ... })
 * export class CiRunPipelineTool implements ToolHandler<typeof CiRunPipelineArgs> { ... }
 */
export const UsesTools = (...toolNames: string[]): ClassDecorator => UsesToolsMeta(toolNames);
