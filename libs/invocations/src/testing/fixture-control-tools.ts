import { Type } from '@sinclair/typebox';
import { AppException } from '#app/errors';
import {
  Tool,
  ToolArgs,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import { fixtureClock, gates, started } from './fixture-state.js';
import { AnyOutput, baseDescriptor, closedOutput, NoArgs } from './fixture-tool-base.js';

// Fixture tools whose behaviour the specs steer: timing, blocking, throwing, and the descriptor
// flags (approval, cluster scope) the policy reads. Their results are trivial.

const EchoArgs = ToolArgs({
  value: Type.Optional(Type.String()),
  advance_ms: Type.Optional(Type.Number()),
});

@Tool({
  ...baseDescriptor,
  name: 'fixture.echo',
  inputSchema: EchoArgs,
  outputSchema: closedOutput({ value: Type.Optional(Type.String()) }),
})
export class FixtureEchoTool implements ToolHandler<typeof EchoArgs> {
  async execute({ args }: ToolContext<typeof EchoArgs>): Promise<ToolResult> {
    started('fixture.echo');
    if (args.advance_ms !== undefined) {
      fixtureClock.advance(args.advance_ms);
    }
    return { output: { value: args.value ?? 'echo' } };
  }
}

@Tool({
  ...baseDescriptor,
  name: 'fixture.other',
  inputSchema: NoArgs,
  outputSchema: closedOutput({}),
})
export class FixtureOtherTool implements ToolHandler<typeof NoArgs> {
  async execute(): Promise<ToolResult> {
    started('fixture.other');
    return { output: {} };
  }
}

/** Sleeps past its 1 s deadline and never looks at its signal. */
@Tool({
  ...baseDescriptor,
  name: 'fixture.sleepy',
  timeoutSeconds: 1,
  inputSchema: NoArgs,
  outputSchema: AnyOutput,
})
export class FixtureSleepyTool implements ToolHandler<typeof NoArgs> {
  async execute(): Promise<ToolResult> {
    started('fixture.sleepy');
    await new Promise<void>((resolve) => setTimeout(resolve, 2500).unref());
    return { output: { late: true } };
  }
}

/** Waits for the test's gate, ignoring its signal. */
@Tool({ ...baseDescriptor, name: 'fixture.block', inputSchema: NoArgs, outputSchema: AnyOutput })
export class FixtureBlockTool implements ToolHandler<typeof NoArgs> {
  async execute(): Promise<ToolResult> {
    started('fixture.block');
    const gate = gates.current;
    gate.arrive();
    await gate.open;
    return { output: { unblocked: true } };
  }
}

/** Throws something that is not an AppException. */
@Tool({ ...baseDescriptor, name: 'fixture.crash', inputSchema: NoArgs, outputSchema: AnyOutput })
export class FixtureCrashTool implements ToolHandler<typeof NoArgs> {
  async execute(): Promise<ToolResult> {
    started('fixture.crash');
    throw new TypeError('boom at /srv/secret/path');
  }
}

/** Throws an AppException with a tool-side code. */
@Tool({ ...baseDescriptor, name: 'fixture.missing', inputSchema: NoArgs, outputSchema: AnyOutput })
export class FixtureMissingTool implements ToolHandler<typeof NoArgs> {
  async execute(): Promise<ToolResult> {
    started('fixture.missing');
    throw new AppException('not_found', 'path not found: x');
  }
}

@Tool({
  ...baseDescriptor,
  name: 'fixture.approval',
  requiresApproval: true,
  inputSchema: NoArgs,
  outputSchema: AnyOutput,
})
export class FixtureApprovalTool implements ToolHandler<typeof NoArgs> {
  async execute(): Promise<ToolResult> {
    started('fixture.approval');
    return { output: { approved: true } };
  }
}

@Tool({
  ...baseDescriptor,
  name: 'fixture.cluster',
  scope: 'cluster',
  inputSchema: NoArgs,
  outputSchema: AnyOutput,
})
export class FixtureClusterTool implements ToolHandler<typeof NoArgs> {
  async execute(): Promise<ToolResult> {
    started('fixture.cluster');
    return { output: {} };
  }
}

/** A stand-in under a real delivery tool's name (not the k8s family's class). */
@Tool({
  ...baseDescriptor,
  name: 'k8s.apply_manifest',
  scope: 'cluster',
  inputSchema: NoArgs,
  outputSchema: AnyOutput,
})
export class K8sApplyManifestTool implements ToolHandler<typeof NoArgs> {
  async execute(): Promise<ToolResult> {
    started('k8s.apply_manifest');
    return { output: {} };
  }
}
