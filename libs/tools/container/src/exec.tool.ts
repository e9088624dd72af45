import { AppConfig } from '#app/config';
import type { JsonObject } from '#app/contracts';
import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import {
  SHELL_DENY,
  commandFailedMessage,
  inputSchema,
  integerSchema,
  outputSchema,
  readInteger,
  readString,
  readStringArray,
} from '#app/tooling';
import { isRuntimeFailure, withoutMarker } from './container-call.js';
import { requireCommand, requireContainerId } from './container-input.js';
import { ContainerRuntime } from './container-runtime.port.js';
import {
  CONTAINER_ID_SCHEMA,
  RUNTIME_MEMBERS,
  STRICT_SCHEMA,
  STRING_ARRAY,
} from './container-schemas.js';
import { isStrict } from './container-strictness.js';
import { requireAllowlisted } from './exec-allowlist.js';

const TIMEOUT_SECONDS = 90;

@Tool({
  name: 'container.exec',
  description:
    'Run an allowlisted command inside a container of the local runtime, or in a session task pod in kubernetes sessions.',
  inputSchema: inputSchema(
    {
      container_id: CONTAINER_ID_SCHEMA,
      command: {
        type: 'array',
        items: { type: 'string' },
        minItems: 1,
        maxItems: 16,
        description: 'Allowlisted executable and its arguments',
      },
      timeout_seconds: integerSchema('Deadline of the command', 1, 600, 30),
      max_output_bytes: integerSchema('Cut the output at this many bytes', 1024, 2097152, 524288),
      strict: STRICT_SCHEMA,
    },
    ['container_id', 'command'],
  ),
  outputSchema: outputSchema({
    ...RUNTIME_MEMBERS,
    container_id: 'string',
    command: STRING_ARRAY,
    timeout_seconds: 'integer',
    exit_code: 'integer',
    output: 'string',
    truncated: 'boolean',
    summary: 'string',
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
export class ContainerExecTool implements ToolHandler {
  constructor(
    private readonly config: AppConfig,
    private readonly runtime: ContainerRuntime,
  ) {}

  async execute(ctx: ToolContext): Promise<ToolResult> {
    const { args } = ctx;
    const containerId = readString(args, 'container_id', '');
    const command = readStringArray(args, 'command');
    requireContainerId(containerId);
    requireCommand(command, 1, 16);
    requireAllowlisted(command);
    // The capability deadline (90 s) still cancels through ctx.signal when it is the smaller one.
    const timeoutSeconds = readInteger(args, 'timeout_seconds', 30, 1, 600);
    const described = { container_id: containerId, command, timeout_seconds: timeoutSeconds };
    const maxOutputBytes = readInteger(args, 'max_output_bytes', 524288, 1024, 2097152);
    return this.runtime.runCall(ctx, {
      verb: 'exec',
      strict: isStrict(this.config.tools, args),
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
            text: String(output['output']),
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
