import { Type } from '@sinclair/typebox';
import { ArtifactStore } from '#app/artifacts';
import {
  Tool,
  ToolArgs,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import { gates, started } from './fixture-state.js';
import { AnyOutput, baseDescriptor, closedOutput, NoArgs } from './fixture-tool-base.js';

// Fixture tools whose results the specs inspect: partial and failed results, outputs that break
// their schema, and logs and artifacts sized to hit the limits.

/** Fails, but with a partial result: output, logs, an artifact and an exit code. */
@Tool({
  ...baseDescriptor,
  name: 'fixture.partial',
  inputSchema: NoArgs,
  outputSchema: closedOutput({ done: Type.Optional(Type.Integer()) }),
})
export class FixturePartialTool implements ToolHandler<typeof NoArgs> {
  async execute(): Promise<ToolResult> {
    started('fixture.partial');
    return {
      output: { done: 1 },
      logs: [{ at: '2030-01-01T00:00:00.000Z', channel: 'stderr', message: 'half way' }],
      artifacts: [{ name: 'partial.txt', content_type: 'text/plain', data: Buffer.from('part') }],
      exit_code: 3,
      error: { code: 'execution_failed', message: 'stopped half way' },
    };
  }
}

const BadOutputArgs = ToolArgs({ variant: Type.String() });

/** Output that violates its own schema, chosen by `variant`. */
@Tool({
  ...baseDescriptor,
  name: 'fixture.bad_output',
  inputSchema: BadOutputArgs,
  outputSchema: Type.Object({ count: Type.Integer(), name: Type.Optional(Type.String()) }),
})
export class FixtureBadOutputTool implements ToolHandler<typeof BadOutputArgs> {
  async execute({ args }: ToolContext<typeof BadOutputArgs>): Promise<ToolResult> {
    started('fixture.bad_output');
    switch (args.variant) {
      case 'array':
        return { output: [1, 2] };
      case 'missing':
        return { output: { name: 'x' } };
      case 'prototype':
        // `toString` exists on every object's prototype; it must not count as a present member.
        return { output: { count: 1 } };
      case 'fraction':
        return { output: { count: 1.5 } };
      case 'null':
        return { output: { count: 1, name: null } };
      default:
        return { output: { count: 2, name: 'ok', extra: [1] } };
    }
  }
}

@Tool({
  ...baseDescriptor,
  name: 'fixture.proto_required',
  inputSchema: NoArgs,
  // Requires a member it does not declare, which only a hand-written schema can say.
  outputSchema: Type.Unsafe({
    type: 'object',
    properties: { toString: Type.String() },
    required: ['constructor'],
  }),
})
export class FixtureProtoRequiredTool implements ToolHandler<typeof NoArgs> {
  async execute(): Promise<ToolResult> {
    started('fixture.proto_required');
    return { output: { other: 1 } };
  }
}

const PadArgs = ToolArgs({ pad: Type.Optional(Type.String()) });

/** Three 4-byte artifacts, an output padded by `pad`, and two log lines. */
@Tool({
  ...baseDescriptor,
  name: 'fixture.three',
  inputSchema: PadArgs,
  outputSchema: closedOutput({ pad: Type.Optional(Type.String()) }),
})
export class FixtureThreeTool implements ToolHandler<typeof PadArgs> {
  async execute({ args }: ToolContext<typeof PadArgs>): Promise<ToolResult> {
    started('fixture.three');
    return {
      output: { pad: args.pad ?? '' },
      logs: [
        { at: '2030-01-01T00:00:00.000Z', channel: 'stdout', message: 'first "line"' },
        { at: '2030-01-01T00:00:01.000Z', channel: 'stderr', message: 'second\nline' },
      ],
      artifacts: [
        { name: 'one.txt', content_type: 'text/plain', data: Buffer.from('1111') },
        {
          name: 'dir/two.bin',
          content_type: 'application/octet-stream',
          data: Buffer.from('2222'),
        },
        { name: 'three.json', content_type: 'application/json', data: Buffer.from('[33]') },
      ],
      exit_code: 0,
    };
  }
}

const NoisyArgs = ToolArgs({
  lines: Type.Optional(Type.Integer()),
  line: Type.Optional(Type.String()),
  artifacts: Type.Optional(Type.Integer()),
  artifact_bytes: Type.Optional(Type.Integer()),
  pad: Type.Optional(Type.String()),
  fail: Type.Optional(Type.Boolean()),
  message: Type.Optional(Type.String()),
});

/**
 * A result sized by its args: `lines` log lines of `line` (default 'x'), `artifacts` artifacts of
 * `artifact_bytes` bytes, an output padded by `pad`, and a tool error when `fail` is set.
 */
@Tool({
  ...baseDescriptor,
  name: 'fixture.noisy',
  inputSchema: NoisyArgs,
  outputSchema: closedOutput({ pad: Type.Optional(Type.String()) }),
})
export class FixtureNoisyTool implements ToolHandler<typeof NoisyArgs> {
  async execute({ args }: ToolContext<typeof NoisyArgs>): Promise<ToolResult> {
    started('fixture.noisy');
    const line = args.line ?? 'x';
    const lines = Array.from({ length: args.lines ?? 0 }, (_, index) => ({
      at: '2030-01-01T00:00:00.000Z',
      channel: 'stdout',
      message: `${index}:${line}`,
    }));
    const artifacts = Array.from({ length: args.artifacts ?? 0 }, (_, index) => ({
      name: `part-${index}.txt`,
      content_type: 'text/plain',
      data: Buffer.alloc(args.artifact_bytes ?? 1, 'a'),
    }));
    return {
      output: { pad: args.pad ?? '' },
      logs: lines,
      artifacts,
      exit_code: args.fail === true ? 1 : 0,
      ...(args.fail === true
        ? {
            error: {
              code: 'execution_failed' as const,
              message: args.message ?? 'tests failed',
            },
          }
        : {}),
    };
  }
}

const DirectWriteArgs = ToolArgs({
  bytes: Type.Optional(Type.Integer()),
  fail: Type.Optional(Type.Boolean()),
  block: Type.Optional(Type.Boolean()),
  late: Type.Optional(Type.Boolean()),
});

/**
 * Writes `bytes` bytes straight into the artifact store, bypassing the pipeline, then returns
 * nothing, fails (`fail`) or waits for the test's gate (`block`); `late` writes again once the
 * gate opens (after a cancellation has already decided the outcome).
 */
@Tool({
  ...baseDescriptor,
  name: 'fixture.direct_write',
  inputSchema: DirectWriteArgs,
  outputSchema: AnyOutput,
})
export class FixtureDirectWriteTool implements ToolHandler<typeof DirectWriteArgs> {
  constructor(private readonly artifacts: ArtifactStore) {}

  async execute({ args, invocationId }: ToolContext<typeof DirectWriteArgs>): Promise<ToolResult> {
    started('fixture.direct_write');
    const data = Buffer.alloc(args.bytes ?? 1, 'd');
    await this.artifacts.put(invocationId, {
      name: 'sneaky.bin',
      content_type: 'application/octet-stream',
      data,
    });
    if (args.block === true) {
      gates.current.arrive();
      await gates.current.open;
    }
    if (args.late === true) {
      await this.artifacts.put(invocationId, {
        name: 'late.bin',
        content_type: 'application/octet-stream',
        data,
      });
    }
    if (args.fail === true) {
      return { error: { code: 'execution_failed', message: 'failed after writing' } };
    }
    return { output: { written: data.length } };
  }
}
