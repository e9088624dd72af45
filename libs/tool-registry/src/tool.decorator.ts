import { Injectable, type Type } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { ToolDefinition } from './tool-definition.js';
import type { ToolHandler } from './tool-handler.js';

/** Internal marker read by the explorer; only classes decorated with `@Tool()` are ever found. */
export const ToolMeta = DiscoveryService.createDecorator<ToolDefinition>();

/**
 * Declares a catalog tool. The class becomes a singleton provider; list it in its family module's
 * `providers` and the registry discovers it at bootstrap.
 *
 * @example
 * ＠Tool({ name: 'fs.stat', scope: 'workspace', ... })
 * export class StatTool implements ToolHandler { async execute(ctx) { ... } }
 */
export const Tool =
  (definition: ToolDefinition) =>
  <T extends Type<ToolHandler>>(target: T): void => {
    Injectable()(target);
    ToolMeta(definition)(target);
  };
