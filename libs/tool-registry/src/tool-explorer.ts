import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { CatalogIntegrityError } from './catalog-integrity.error.js';
import type { ToolHandler } from './tool-handler.js';
import { ToolRegistry } from './tool-registry.js';
import { ToolMeta, toolSourceFileOf } from './tool.decorator.js';
import { UsesToolsMeta } from './uses-tools.decorator.js';

/**
 * Finds every `@Tool()` provider once the modules are initialised and fills the registry, then
 * freezes it. Only explicitly decorated classes are found, so an imported dependency can never
 * expose a tool by accident.
 */
@Injectable()
export class ToolExplorer implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly registry: ToolRegistry,
  ) {}

  onModuleInit(): void {
    const callers: Array<{ name: string; callees: readonly string[] }> = [];
    for (const wrapper of this.discovery.getProviders({ metadataKey: ToolMeta.KEY })) {
      if (!wrapper.isDependencyTreeStatic()) {
        // Tools are singletons; per-invocation data travels in ToolContext, never in REQUEST scope.
        throw new CatalogIntegrityError(`tool ${wrapper.name} must not be request-scoped`);
      }
      const definition = this.discovery.getMetadataByDecorator(ToolMeta, wrapper);
      if (!definition) {
        continue;
      }
      const handler = wrapper.instance as ToolHandler;
      if (typeof handler?.execute !== 'function') {
        throw new CatalogIntegrityError(`tool ${definition.name} has no execute() handler`);
      }
      this.registry.register(definition, handler, {
        className: String(wrapper.name),
        file: toolSourceFileOf(wrapper.metatype ?? handler.constructor),
      });
      callers.push({
        name: definition.name,
        callees: this.discovery.getMetadataByDecorator(UsesToolsMeta, wrapper) ?? [],
      });
    }
    for (const { name, callees } of callers) {
      this.requireRegistered(name, callees);
    }
    this.registry.freeze();
  }

  /** A tool that calls others (`@UsesTools()`) fails startup when one of them is missing. */
  private requireRegistered(caller: string, callees: readonly string[]): void {
    const missing = callees.filter((callee) => this.registry.get(callee) === undefined);
    if (missing.length > 0) {
      throw new CatalogIntegrityError(
        `tool ${caller} calls ${missing.join(', ')}, not registered: import the module of the family that provides ${missing.length === 1 ? 'it' : 'them'}`,
      );
    }
  }
}
