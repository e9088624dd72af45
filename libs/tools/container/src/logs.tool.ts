import { AppConfig } from '#app/config';
import type { JsonObject } from '#app/contracts';
import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import {
  booleanSchema,
  inputSchema,
  integerSchema,
  outputSchema,
  readBoolean,
  readInteger,
  readString,
} from '#app/tooling';
import { isRuntimeFailure, withoutMarker } from './container-call.js';
import { requireContainerId } from './container-input.js';
import { ContainerRuntime } from './container-runtime.port.js';
import { CONTAINER_ID_SCHEMA, RUNTIME_MEMBERS, STRICT_SCHEMA } from './container-schemas.js';
import { isStrict } from './container-strictness.js';

const TIMEOUT_SECONDS = 60;

@Tool({
  name: 'container.logs',
  description:
    'Read the logs of a container of the local runtime, or of a session task pod in kubernetes sessions.',
  inputSchema: inputSchema(
    {
      container_id: CONTAINER_ID_SCHEMA,
      tail_lines: integerSchema('Last lines to return', 1, 10000, 200),
      since_seconds: integerSchema('Only logs newer than this many seconds (0 = all)', 0, 86400, 0),
      timestamps: booleanSchema('Prefix each line with its timestamp', false),
      strict: STRICT_SCHEMA,
      max_bytes: integerSchema('Cut the logs at this many bytes', 1024, 2097152, 262144),
    },
    ['container_id'],
  ),
  outputSchema: outputSchema({
    ...RUNTIME_MEMBERS,
    container_id: 'string',
    bytes: 'integer',
    line_count: 'integer',
    truncated: 'boolean',
    logs: 'string',
    exit_code: 'integer',
    summary: 'string',
    source: { type: 'string', enum: ['k8s_sdk'] },
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
export class ContainerLogsTool implements ToolHandler {
  constructor(
    private readonly config: AppConfig,
    private readonly runtime: ContainerRuntime,
  ) {}

  async execute(ctx: ToolContext): Promise<ToolResult> {
    const { args } = ctx;
    const containerId = readString(args, 'container_id', '');
    requireContainerId(containerId);
    const tail = readInteger(args, 'tail_lines', 200, 1, 10000);
    const since = readInteger(args, 'since_seconds', 0, 0, 86400);
    const maxBytes = readInteger(args, 'max_bytes', 262144, 1024, 2097152);
    const timestamps = readBoolean(args, 'timestamps', false);
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
      strict: isStrict(this.config.tools, args),
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
          output: logsOutput(
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
          output: logsOutput(
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

function logsOutput(
  runtime: string,
  simulated: boolean,
  containerId: string,
  logs: string,
  truncated: boolean,
  summary: string,
): JsonObject {
  const lines = logs.split('\n');
  const lineCount = logs === '' ? 0 : logs.endsWith('\n') ? lines.length - 1 : lines.length;
  return {
    runtime,
    simulated,
    container_id: containerId,
    bytes: Buffer.byteLength(logs, 'utf8'),
    line_count: lineCount,
    truncated,
    logs,
    exit_code: 0,
    summary,
  };
}
