import { AppConfig } from '#app/config';
import type { JsonObject } from '#app/contracts';
import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import {
  SHELL_DENY,
  booleanSchema,
  inputSchema,
  outputSchema,
  readBoolean,
  readOptionalString,
  readString,
  readStringArray,
  stringSchema,
} from '#app/tooling';
import { isRuntimeFailure } from './container-call.js';
import { requireCommand, requireEnv, requireImageRef, requireName } from './container-input.js';
import { ContainerRuntime } from './container-runtime.port.js';
import { RUNTIME_MEMBERS, STRICT_SCHEMA, STRING_ARRAY } from './container-schemas.js';
import { isStrict } from './container-strictness.js';
import { redactedEnv } from './env-redaction.js';
import { syntheticContainerId } from './synthetic-container-id.js';

const TIMEOUT_SECONDS = 90;

@Tool({
  name: 'container.run',
  description:
    'Run a container with the local runtime, or as a task pod in kubernetes sessions (detached by default).',
  inputSchema: inputSchema(
    {
      image_ref: stringSchema('Image to run'),
      command: {
        type: 'array',
        items: { type: 'string' },
        maxItems: 32,
        description: 'Command and arguments (default: the image default)',
      },
      env: {
        type: 'object',
        additionalProperties: { type: 'string' },
        description: 'Environment variables (at most 32)',
        default: {},
      },
      name: stringSchema('Container name'),
      detach: booleanSchema('Return once the container started', true),
      remove: booleanSchema('Remove the container when it exits', false),
      strict: STRICT_SCHEMA,
    },
    ['image_ref'],
  ),
  outputSchema: outputSchema({
    ...RUNTIME_MEMBERS,
    container_id: 'string',
    name: 'string',
    image_ref: 'string',
    status: 'string',
    command: STRING_ARRAY,
    env: STRING_ARRAY,
    exit_code: 'integer',
    summary: 'string',
    pod_name: 'string',
    namespace: 'string',
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
export class ContainerRunTool implements ToolHandler {
  constructor(
    private readonly config: AppConfig,
    private readonly runtime: ContainerRuntime,
  ) {}

  async execute(ctx: ToolContext): Promise<ToolResult> {
    const { args, session } = ctx;
    const imageRef = readString(args, 'image_ref', '');
    const command = readStringArray(args, 'command');
    const env = readEnv(args);
    const name = readOptionalString(args, 'name');
    const detach = readBoolean(args, 'detach', true);
    const remove = readBoolean(args, 'remove', false);
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
      strict: isStrict(this.config.tools, args),
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

function readEnv(args: JsonObject): Record<string, string> {
  const value = args['env'];
  const env: Record<string, string> = {};
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (typeof item === 'string') {
        env[key] = item;
      }
    }
  }
  return env;
}
