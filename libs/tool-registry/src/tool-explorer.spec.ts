import { Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Type } from '@sinclair/typebox';
import { CatalogIntegrityError } from './catalog-integrity.error.js';
import type { ToolDefinition } from './tool-definition.js';
import type { ToolHandler, ToolResult } from './tool-handler.js';
import { ToolRegistry } from './tool-registry.js';
import { ToolRegistryModule } from './tool-registry.module.js';
import { ToolArgs, ToolOutput } from './kit/schema-builders.js';
import { Tool } from './tool.decorator.js';
import { UsesTools } from './uses-tools.decorator.js';

const DemoArgs = ToolArgs({ path: Type.String() });

const base: Omit<ToolDefinition<typeof DemoArgs>, 'name'> = {
  description: 'demo tool',
  inputSchema: DemoArgs,
  outputSchema: ToolOutput({ ok: Type.Boolean() }),
  scope: 'workspace',
  sideEffects: 'none',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'guaranteed',
  timeoutSeconds: 15,
  maxRetries: 0,
  examples: [{ path: '.' }],
};

@Tool({ ...base, name: 'demo.first', aliases: ['alias.first'] })
class FirstTool implements ToolHandler<typeof DemoArgs> {
  async execute(): Promise<ToolResult> {
    return { output: { ok: true } };
  }
}

@Tool({ ...base, name: 'demo.second', timeoutSeconds: 200, outputLimitKb: 64 })
class SecondTool implements ToolHandler<typeof DemoArgs> {
  async execute(): Promise<ToolResult> {
    return { output: { ok: true } };
  }
}

@Tool({ ...base, name: 'demo.first' })
class DuplicateTool implements ToolHandler<typeof DemoArgs> {
  async execute(): Promise<ToolResult> {
    return {};
  }
}

// An example that does not match the schema: the type check is bypassed on purpose.
@Tool({ ...base, name: 'demo.bad_example', examples: [{ path: 5 as unknown as string }] })
class BadExampleTool implements ToolHandler<typeof DemoArgs> {
  async execute(): Promise<ToolResult> {
    return {};
  }
}

@UsesTools('demo.second', 'demo.third')
@Tool({ ...base, name: 'demo.caller' })
class CallerTool implements ToolHandler<typeof DemoArgs> {
  async execute(): Promise<ToolResult> {
    return {};
  }
}

@Tool({ ...base, name: 'demo.third' })
class ThirdTool implements ToolHandler<typeof DemoArgs> {
  async execute(): Promise<ToolResult> {
    return {};
  }
}

@Module({ providers: [FirstTool, SecondTool] })
class DemoFamilyModule {}

async function bootRegistry(
  ...providers: Array<new () => ToolHandler<typeof DemoArgs>>
): Promise<ToolRegistry> {
  @Module({ providers })
  class FamilyModule {}
  const moduleRef = await Test.createTestingModule({
    imports: [ToolRegistryModule, FamilyModule],
  }).compile();
  await moduleRef.init();
  return moduleRef.get(ToolRegistry);
}

describe('ToolExplorer discovery', () => {
  it('should build exactly the catalog of the decorated providers, aliases included, sorted', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ToolRegistryModule, DemoFamilyModule],
    }).compile();
    await moduleRef.init();
    const registry = moduleRef.get(ToolRegistry);
    expect(registry.list().map((tool) => tool.capability.name)).toEqual([
      'alias.first',
      'demo.first',
      'demo.second',
    ]);
  });

  it('should derive cost hint, observability and omit empty members', async () => {
    const registry = await bootRegistry(FirstTool, SecondTool);
    const first = registry.get('demo.first')!.capability;
    expect(first.cost_hint).toBe('low');
    expect(first.observability).toEqual({ trace_name: 'workspace.tools', span_name: 'demo.first' });
    expect(first.constraints).toEqual({ timeout_seconds: 15, max_retries: 0 });
    expect(first.preconditions).toBeUndefined();
    const second = registry.get('demo.second')!.capability;
    expect(second.cost_hint).toBe('high');
    expect(second.constraints.output_limit_kb).toBe(64);
  });

  it('should publish aliases with their own name, span and description and no examples', async () => {
    const registry = await bootRegistry(FirstTool);
    const alias = registry.get('alias.first')!;
    expect(alias.capability.alias_of).toBe('demo.first');
    expect(alias.capability.description).toBe('Alias of demo.first. demo tool');
    expect(alias.capability.observability.span_name).toBe('alias.first');
    expect(alias.capability.examples).toBeUndefined();
    expect(alias.handler).toBe(registry.get('demo.first')!.handler);
  });

  it('should fail boot when two tools share a name, naming both classes', async () => {
    await expect(bootRegistry(FirstTool, DuplicateTool)).rejects.toThrow(
      /duplicate tool name demo\.first \(FirstTool and DuplicateTool\)/,
    );
  });

  it('should fail boot when an example does not validate', async () => {
    await expect(bootRegistry(BadExampleTool)).rejects.toThrow(CatalogIntegrityError);
  });

  it('should boot a tool that calls others when every callee is registered', async () => {
    const registry = await bootRegistry(CallerTool, SecondTool, ThirdTool);
    expect(registry.get('demo.caller')).toBeDefined();
  });

  it('should fail boot naming the caller when a tool it calls is not registered', async () => {
    await expect(bootRegistry(CallerTool, SecondTool)).rejects.toThrow(
      'tool demo.caller calls demo.third, not registered: import the module of the family that provides it',
    );
  });

  it('should be frozen after bootstrap', async () => {
    const registry = await bootRegistry(FirstTool);
    expect(() =>
      registry.register({ ...base, name: 'late.tool' }, new SecondTool(), { className: 'Late' }),
    ).toThrow(/frozen/);
  });

  it('should validate args with JSON pointers, dropping null members', async () => {
    const registry = await bootRegistry(FirstTool);
    expect(registry.validateArgs('demo.first', { path: 'a' })).toEqual({
      ok: true,
      args: { path: 'a' },
      toolArgs: { path: 'a' },
    });
    const missing = registry.validateArgs('demo.first', { path: null });
    expect(missing).toEqual({ ok: false, message: 'invalid args: /path is required' });
    const unknown = registry.validateArgs('demo.first', { path: 'a', colour: 1 });
    expect(unknown.ok).toBe(false);
    expect(!unknown.ok && unknown.message).toContain('/colour');
  });
});
