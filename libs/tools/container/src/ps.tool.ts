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
import { ContainerRuntime } from './container-runtime.port.js';
import { StrictArg } from './container-args.schema.js';
import { RUNTIME_OUTPUT } from './container-output.schema.js';
import { isStrict } from './container-strictness.js';

const TIMEOUT_SECONDS = 45;
// Passed as one argv word, as the catalog writes it; the runtimes expand `\t` themselves.
const PS_FORMAT = '{{.ID}}\\t{{.Image}}\\t{{.Names}}\\t{{.Status}}';

interface ContainerEntry {
  id: string;
  image: string;
  name: string;
  status: string;
}

const ContainerPsArgs = ToolArgs({
  all: Defaulted(Type.Boolean({ description: 'Include stopped containers', default: false })),
  limit: Defaulted(
    Type.Integer({
      description: 'Return at most this many containers',
      minimum: 1,
      maximum: 500,
      default: 50,
    }),
  ),
  name_filter: Type.Optional(Type.String({ description: 'Only containers whose name matches' })),
  strict: StrictArg,
});

@Tool({
  name: 'container.ps',
  description:
    'List containers of the local runtime (podman, docker or nerdctl), or the session task pods in kubernetes sessions.',
  inputSchema: ContainerPsArgs,
  outputSchema: ToolOutput({
    ...RUNTIME_OUTPUT,
    count: Type.Integer(),
    truncated: Type.Boolean(),
    containers: Type.Array(
      Type.Partial(
        Type.Object({
          id: Type.String(),
          image: Type.String(),
          name: Type.String(),
          status: Type.String(),
        }),
      ),
    ),
    exit_code: Type.Integer(),
    summary: Type.String(),
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
      { field: 'name_filter', max_length: 80, deny_characters: ['\n', '\r', ' ', ';', '|', '&'] },
    ],
  },
  examples: [{}, { all: true, limit: 20, name_filter: 'api' }],
})
export class ContainerPsTool implements ToolHandler<typeof ContainerPsArgs> {
  constructor(
    private readonly config: AppConfig,
    private readonly runtime: ContainerRuntime,
  ) {}

  async execute(ctx: ToolContext<typeof ContainerPsArgs>): Promise<ToolResult> {
    const { args } = ctx;
    const all = args.all;
    const limit = args.limit;
    const nameFilter = args.name_filter;
    return this.runtime.runCall(ctx, {
      verb: 'ps',
      strict: isStrict(this.config.tools, args.strict),
      timeoutMs: TIMEOUT_SECONDS * 1000,
      async attempt(runtime, programs) {
        const psArgs = [
          'ps',
          ...(all ? ['-a'] : []),
          ...(nameFilter === undefined ? [] : ['--filter', `name=${nameFilter}`]),
          '--format',
          PS_FORMAT,
        ];
        const run = await programs.run(runtime, psArgs);
        if (run.exit_code !== 0 || run.start_error !== undefined) {
          return { kind: 'runtime_failed', run };
        }
        const found = parsePsOutput(run.output).sort((left, right) =>
          left.id < right.id ? -1 : left.id > right.id ? 1 : 0,
        );
        const containers = found.slice(0, limit);
        const output: JsonObject = {
          runtime,
          simulated: false,
          count: containers.length,
          truncated: found.length > limit,
          containers: containers.map((entry) => ({ ...entry })),
          exit_code: 0,
          summary: `${containers.length} container${containers.length === 1 ? '' : 's'} listed`,
        };
        return { kind: 'done', output, text: run.output };
      },
      synthetic: () => ({
        output: {
          count: 0,
          truncated: false,
          containers: [],
          summary: 'container runtime unavailable; ps simulated',
        },
        text: '',
      }),
      kubernetes: (pods) =>
        pods.ps({ all, limit, ...(nameFilter === undefined ? {} : { nameFilter }) }),
    });
  }
}

/** One container per line: id, image, names, status separated by tabs (or a literal `\t`). */
export function parsePsOutput(text: string): ContainerEntry[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const fields = line.includes('\t') ? line.split('\t') : line.split('\\t');
      return {
        id: fields[0] ?? '',
        image: fields[1] ?? '',
        name: fields[2] ?? '',
        status: fields.slice(3).join(' '),
      };
    });
}
