import { AppConfig } from '#app/config';
import { Type } from '@sinclair/typebox';
import { containerLogsOutput } from './container-logs-output.js';
import {
  Defaulted,
  StringEnum,
  Tool,
  ToolArgs,
  ToolOutput,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import { isRuntimeFailure, withoutMarker } from './container-call.js';
import { requireContainerId } from './container-input.js';
import { ContainerRuntime } from './container-runtime.port.js';
import { ContainerIdArg, StrictArg } from './container-args.schema.js';
import { RUNTIME_OUTPUT } from './container-output.schema.js';
import { isStrict } from './container-strictness.js';

const TIMEOUT_SECONDS = 60;

const ContainerLogsArgs = ToolArgs({
  container_id: ContainerIdArg,
  tail_lines: Defaulted(
    Type.Integer({ description: 'Last lines to return', minimum: 1, maximum: 10000, default: 200 }),
  ),
  since_seconds: Defaulted(
    Type.Integer({
      description: 'Only logs newer than this many seconds (0 = all)',
      minimum: 0,
      maximum: 86400,
      default: 0,
    }),
  ),
  timestamps: Defaulted(
    Type.Boolean({ description: 'Prefix each line with its timestamp', default: false }),
  ),
  strict: StrictArg,
  max_bytes: Defaulted(
    Type.Integer({
      description: 'Cut the logs at this many bytes',
      minimum: 1024,
      maximum: 2097152,
      default: 262144,
    }),
  ),
});

@Tool({
  name: 'container.logs',
  description:
    'Read the logs of a container of the local runtime, or of a session task pod in kubernetes sessions.',
  inputSchema: ContainerLogsArgs,
  outputSchema: ToolOutput({
    ...RUNTIME_OUTPUT,
    container_id: Type.String(),
    bytes: Type.Integer(),
    line_count: Type.Integer(),
    truncated: Type.Boolean(),
    logs: Type.String(),
    exit_code: Type.Integer(),
    summary: Type.String(),
    source: StringEnum(['k8s_sdk']),
  }),
  scope: 'workspace',
  sideEffects: 'none',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'best-effort',
  timeoutSeconds: TIMEOUT_SECONDS,
  maxRetries: 0,
  outputLimitKb: 2048,
  policy: {
    arg_fields: [
      {
        field: 'container_id',
        max_length: 128,
        deny_characters: ['\n', '\r', ' ', '\t', ';', '|', '&'],
      },
    ],
  },
  examples: [
    { container_id: 'api' },
    { container_id: 'api', tail_lines: 50, since_seconds: 600, timestamps: true },
  ],
})
export class ContainerLogsTool implements ToolHandler<typeof ContainerLogsArgs> {
  constructor(
    private readonly config: AppConfig,
    private readonly runtime: ContainerRuntime,
  ) {}

  async execute(ctx: ToolContext<typeof ContainerLogsArgs>): Promise<ToolResult> {
    const { args } = ctx;
    const containerId = args.container_id;
    requireContainerId(containerId);
    const tail = args.tail_lines;
    const since = args.since_seconds;
    const maxBytes = args.max_bytes;
    const timestamps = args.timestamps;
    const logsArgs = [
      'logs',
      '--tail',
      String(tail),
      ...(since > 0 ? ['--since', `${since}s`] : []),
      ...(timestamps ? ['--timestamps'] : []),
      containerId,
    ];
    return this.runtime.runCall(ctx, {
      verb: 'logs',
      strict: isStrict(this.config.tools, args.strict),
      timeoutMs: TIMEOUT_SECONDS * 1000,
      outputCapBytes: maxBytes,
      async attempt(runtime, programs) {
        const run = await programs.run(runtime, logsArgs);
        if (run.exit_code !== 0 || isRuntimeFailure(run)) {
          return { kind: 'runtime_failed', run };
        }
        const logs = withoutMarker(run);
        return {
          kind: 'done',
          output: containerLogsOutput(
            runtime,
            false,
            containerId,
            logs,
            run.truncated,
            'container logs collected',
          ),
          text: logs,
        };
      },
      synthetic: () => {
        const logs = `[simulated] no runtime logs for ${containerId}`;
        return {
          output: containerLogsOutput(
            'synthetic',
            true,
            containerId,
            logs,
            false,
            'container runtime unavailable; logs simulated',
          ),
          text: logs,
        };
      },
      kubernetes: (pods) =>
        pods.logs({
          podName: containerId,
          tailLines: tail,
          sinceSeconds: since,
          timestamps,
          maxBytes,
        }),
    });
  }
}
