import { AppConfig } from '#app/config';
import { Type } from '@sinclair/typebox';
import type { JsonObject } from '#app/contracts';
import {
  Defaulted,
  Tool,
  ToolArgs,
  ToolOutput,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import { SHELL_DENY, commandFailedMessage, textMember } from '#app/tooling';
import { isRuntimeFailure, withoutMarker } from './container-call.js';
import { requireCommand, requireContainerId } from './container-input.js';
import { ContainerRuntime } from './container-runtime.port.js';
import { ContainerIdArg, StrictArg } from './container-args.schema.js';
import { RUNTIME_OUTPUT } from './container-output.schema.js';
import { isStrict } from './container-strictness.js';
import { requireAllowlisted } from './exec-allowlist.js';

const TIMEOUT_SECONDS = 90;

const ContainerExecArgs = ToolArgs({
  container_id: ContainerIdArg,
  command: Type.Array(Type.String(), {
    minItems: 1,
    maxItems: 16,
    description: 'Allowlisted executable and its arguments',
  }),
  timeout_seconds: Defaulted(
    Type.Integer({ description: 'Deadline of the command', minimum: 1, maximum: 600, default: 30 }),
  ),
  max_output_bytes: Defaulted(
    Type.Integer({
      description: 'Cut the output at this many bytes',
      minimum: 1024,
      maximum: 2097152,
      default: 524288,
    }),
  ),
  strict: StrictArg,
});

@Tool({
  name: 'container.exec',
  description:
    'Run an allowlisted command inside a container of the local runtime, or in a session task pod in kubernetes sessions.',
  inputSchema: ContainerExecArgs,
  outputSchema: ToolOutput({
    ...RUNTIME_OUTPUT,
    container_id: Type.String(),
    command: Type.Array(Type.String()),
    timeout_seconds: Type.Integer(),
    exit_code: Type.Integer(),
    output: Type.String(),
    truncated: Type.Boolean(),
    summary: Type.String(),
  }),
  scope: 'workspace',
  sideEffects: 'reversible',
  riskLevel: 'medium',
  requiresApproval: true,
  idempotency: 'best-effort',
  timeoutSeconds: TIMEOUT_SECONDS,
  maxRetries: 0,
  outputLimitKb: 2048,
  policy: {
    arg_fields: [
      { field: 'container_id', max_length: 128 },
      {
        field: 'command',
        multi: true,
        max_items: 16,
        max_length: 256,
        deny_characters: [...SHELL_DENY],
      },
    ],
  },
  examples: [
    { container_id: 'api', command: ['ls', '/app'] },
    { container_id: 'api', command: ['python3', '--version'], timeout_seconds: 10 },
  ],
})
export class ContainerExecTool implements ToolHandler<typeof ContainerExecArgs> {
  constructor(
    private readonly config: AppConfig,
    private readonly runtime: ContainerRuntime,
  ) {}

  async execute(ctx: ToolContext<typeof ContainerExecArgs>): Promise<ToolResult> {
    const { args } = ctx;
    const containerId = args.container_id;
    const command = args.command;
    requireContainerId(containerId);
    requireCommand(command, 1, 16);
    requireAllowlisted(command);
    // The capability deadline (90 s) still cancels through ctx.signal when it is the smaller one.
    const timeoutSeconds = args.timeout_seconds;
    const described = { container_id: containerId, command, timeout_seconds: timeoutSeconds };
    const maxOutputBytes = args.max_output_bytes;
    return this.runtime.runCall(ctx, {
      verb: 'exec',
      strict: isStrict(this.config.tools, args.strict),
      timeoutMs: Math.min(timeoutSeconds, TIMEOUT_SECONDS) * 1000,
      outputCapBytes: maxOutputBytes,
      async attempt(runtime, programs) {
        const run = await programs.run(runtime, ['exec', containerId, ...command]);
        if (run.timed_out) {
          const output = execOutput(
            runtime,
            false,
            described,
            run.exit_code,
            withoutMarker(run),
            run.truncated,
            'container exec timed out',
          );
          return {
            kind: 'done',
            output,
            text: textMember(output, 'output'),
            error: {
              code: 'timeout',
              message: `container exec timed out after ${timeoutSeconds}s`,
              retryable: true,
            },
          };
        }
        if (isRuntimeFailure(run)) {
          return { kind: 'runtime_failed', run };
        }
        const text = withoutMarker(run);
        const failed = run.exit_code !== 0;
        const output = execOutput(
          runtime,
          false,
          described,
          run.exit_code,
          text,
          run.truncated,
          failed ? `command exited with code ${run.exit_code}` : 'command completed',
        );
        return failed
          ? {
              kind: 'done',
              output,
              text,
              error: {
                code: 'execution_failed',
                message: commandFailedMessage(run),
                retryable: false,
              },
            }
          : { kind: 'done', output, text };
      },
      synthetic: () => {
        const text = `[simulated] ${command.join(' ')}`;
        return {
          output: execOutput(
            'synthetic',
            true,
            described,
            0,
            text,
            false,
            'container runtime unavailable; exec simulated',
          ),
          text,
        };
      },
      kubernetes: (pods) =>
        pods.exec({
          podName: containerId,
          command,
          timeoutSeconds,
          timeoutMs: Math.min(timeoutSeconds, TIMEOUT_SECONDS) * 1000,
          maxOutputBytes,
        }),
    });
  }
}

function execOutput(
  runtime: string,
  simulated: boolean,
  described: JsonObject,
  exitCode: number,
  output: string,
  truncated: boolean,
  summary: string,
): JsonObject {
  return { runtime, simulated, ...described, exit_code: exitCode, output, truncated, summary };
}
