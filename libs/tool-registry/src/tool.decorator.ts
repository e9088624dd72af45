import { Injectable, type Type } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { TObject } from '@sinclair/typebox';
import type { ToolDefinition } from './tool-definition.js';
import type { ToolHandler } from './tool-handler.js';
import { declaringFile } from './tool-source.js';

/** Internal marker read by the explorer; only classes decorated with `@Tool()` are ever found. */
export const ToolMeta = DiscoveryService.createDecorator<ToolDefinition>();

/**
 * Declares a catalog tool. The class becomes a singleton provider; list it in its family module's
 * `providers` and the registry discovers it at bootstrap. The class must handle the declared args
 * schema (`ToolHandler<typeof Args>`), so the handler's `args` type cannot drift from the schema.
 *
 * @example
 * const StatArgs = ToolArgs({ path: Type.String({ description: 'Workspace-relative path' }) });
 * ＠Tool({ name: 'fs.stat', inputSchema: StatArgs, scope: 'workspace', ... })
 * export class StatTool implements ToolHandler<typeof StatArgs> {
 *   async execute({ args }: ToolContext<typeof StatArgs>) { ... args.path is a string ... }
 * }
 */
export const Tool =
  <S extends TObject>(definition: ToolDefinition<S>) =>
  <T extends Type<ToolHandler<S>>>(target: T): void => {
    Injectable()(target);
    ToolMeta(definition as unknown as ToolDefinition)(target);
    Reflect.defineMetadata(TOOL_SOURCE_FILE, declaringFile(DECORATOR_FILES), target);
  };

const TOOL_SOURCE_FILE = 'workspace:tool-source-file';
const DECORATOR_FILES = [
  'tool.decorator.ts',
  'tool.decorator.js',
  'tool-source.ts',
  'tool-source.js',
];

/** Where a `@Tool()` class is declared, relative to the working directory (for the catalog page). */
export function toolSourceFileOf(target: object): string | undefined {
  return Reflect.getMetadata(TOOL_SOURCE_FILE, target) as string | undefined;
}

/** The declaration of a `@Tool()` class, for tests that run a handler the way the pipeline does. */
export function toolDefinitionOf(target: object): ToolDefinition | undefined {
  return Reflect.getMetadata(ToolMeta.KEY, target) as ToolDefinition | undefined;
}
