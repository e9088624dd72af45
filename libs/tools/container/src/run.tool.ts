import { AppConfig } from '#app/config';
import { Type } from '@sinclair/typebox';
import type { JsonObject } from '#app/contracts';
import {
  Defaulted,
  Dictionary,
  Tool,
  ToolArgs,
  ToolOutput,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import { SHELL_DENY } from '#app/tooling';
import { isRuntimeFailure } from './container-call.js';
import { requireCommand, requireEnv, requireImageRef, requireName } from './container-input.js';
import { ContainerRuntime } from './container-runtime.port.js';
import { StrictArg } from './container-args.schema.js';
import { RUNTIME_OUTPUT } from './container-output.schema.js';
import { isStrict } from './container-strictness.js';
import { redactedEnv } from './env-redaction.js';
import { syntheticContainerId } from './synthetic-container-id.js';

const TIMEOUT_SECONDS = 90;

const ContainerRunArgs = ToolArgs({
  image_ref: Type.String({ description: 'Image to run' }),
  command: Type.Optional(
    Type.Array(Type.String(), {
      maxItems: 32,
      description: 'Command and arguments (default: the image default)',
    }),
  ),
  env: Defaulted(
    Dictionary(Type.String(), { description: 'Environment variables (at most 32)', default: {} }),
  ),
  name: Type.Optional(Type.String({ description: 'Container name' })),
  detach: Defaulted(
    Type.Boolean({ description: 'Return once the container started', default: true }),
  ),
  remove: Defaulted(
    Type.Boolean({ description: 'Remove the container when it exits', default: false }),
  ),
  strict: StrictArg,
});

@Tool({
  name: 'container.run',
  description:
    'Run a container with the local runtime, or as a task pod in kubernetes sessions (detached by default).',
  inputSchema: ContainerRunArgs,
  outputSchema: ToolOutput({
    ...RUNTIME_OUTPUT,
    container_id: Type.String(),
    name: Type.String(),
    image_ref: Type.String(),
    status: Type.String(),
    command: Type.Array(Type.String()),
    env: Type.Array(Type.String()),
    exit_code: Type.Integer(),
    summary: Type.String(),
    pod_name: Type.String(),
    namespace: Type.String(),
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
      {
        field: 'image_ref',
        max_length: 255,
        deny_characters: [' ', '\t', '\n', '\r', ';', '|', '&'],
      },
      { field: 'name', max_length: 80 },
      {
        field: 'command',
        multi: true,
        max_items: 32,
        max_length: 256,
        deny_characters: [...SHELL_DENY],
      },
    ],
  },
  examples: [
    { image_ref: 'docker.io/library/redis:7.2' },
    {
      image_ref: 'docker.io/library/alpine:3.20',
      command: ['echo', 'hello'],
      env: { MODE: 'test' },
      name: 'hello',
      detach: false,
      remove: true,
    },
  ],
})
export class ContainerRunTool implements ToolHandler<typeof ContainerRunArgs> {
  constructor(
    private readonly config: AppConfig,
    private readonly runtime: ContainerRuntime,
  ) {}

  async execute(ctx: ToolContext<typeof ContainerRunArgs>): Promise<ToolResult> {
    const { args, session } = ctx;
    const imageRef = args.image_ref;
    const command = args.command ?? [];
    const env = args.env;
    const name = args.name;
    const detach = args.detach;
    const remove = args.remove;
    requireImageRef(imageRef);
    requireCommand(command, 0, 32);
    requireEnv(env);
    if (name !== undefined) {
      requireName(name);
    }
    const described = { name: name ?? '', image_ref: imageRef, command, env: redactedEnv(env) };
    const runArgs = [
      'run',
      ...(detach ? ['-d'] : []),
      ...(remove ? ['--rm'] : []),
      ...(name === undefined ? [] : ['--name', name]),
      ...Object.keys(env)
        .sort()
        .flatMap((key) => ['-e', `${key}=${env[key]}`]),
      imageRef,
      ...command,
    ];
    return this.runtime.runCall(ctx, {
      verb: 'run',
      strict: isStrict(this.config.tools, args.strict),
      timeoutMs: TIMEOUT_SECONDS * 1000,
      async attempt(runtime, programs) {
        const run = await programs.run(runtime, runArgs);
        // Detached, any failure is the runtime's; attached, the status is the container's own
        // unless the runtime reports its own error status.
        if (isRuntimeFailure(run) || (detach && run.exit_code !== 0)) {
          return { kind: 'runtime_failed', run };
        }
        const output: JsonObject = {
          runtime,
          simulated: false,
          container_id: run.output.trim().split(/\s+/)[0] ?? '',
          ...described,
          status: detach ? 'running' : 'exited',
          exit_code: run.exit_code,
          summary: detach ? 'container started' : `container exited with code ${run.exit_code}`,
        };
        return { kind: 'done', output, text: run.output };
      },
      synthetic: () => ({
        output: {
          container_id: syntheticContainerId(session.id, imageRef, command, name ?? ''),
          ...described,
          status: detach ? 'running' : 'exited',
          summary: 'container runtime unavailable; run simulated',
        },
        text: '',
      }),
      kubernetes: async (pods) => {
        const outcome = await pods.run({
          imageRef,
          command,
          env,
          ...(name === undefined ? {} : { name }),
          detach,
          remove,
        });
        return { ...outcome, output: { ...outcome.output, env: redactedEnv(env) } };
      },
    });
  }
}
