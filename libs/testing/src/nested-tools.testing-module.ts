import { Global, Injectable, Module } from '@nestjs/common';
import type { JsonObject } from '#app/contracts';
import { AppException } from '#app/errors';
import {
  NestedToolInvoker,
  type ToolContext,
  ToolRegistry,
  type ToolResult,
} from '#app/tool-registry';

/**
 * For specs of tools that call other tools: the nested-call port with the callee's args validation
 * only. Policy and deadlines of nested calls belong to the invocations library and are tested there.
 */
@Injectable()
export class ArgsCheckedNestedToolInvoker extends NestedToolInvoker {
  constructor(private readonly registry: ToolRegistry) {
    super();
  }

  async invoke(caller: ToolContext, toolName: string, args: JsonObject): Promise<ToolResult> {
    const tool = this.registry.get(toolName);
    if (!tool) {
      throw new AppException('internal', `nested tool not registered: ${toolName}`);
    }
    const validation = this.registry.validateArgs(toolName, args);
    if (!validation.ok) {
      throw new AppException('invalid_argument', validation.message);
    }
    return tool.handler.execute({ ...caller, toolName, args: validation.toolArgs });
  }
}

/** Import next to `ToolRegistryModule` in a spec's testing module. */
@Global()
@Module({
  providers: [{ provide: NestedToolInvoker, useClass: ArgsCheckedNestedToolInvoker }],
  exports: [NestedToolInvoker],
})
export class NestedToolsTestingModule {}
