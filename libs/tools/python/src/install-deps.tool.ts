import { Type } from '@sinclair/typebox';
import { AppException } from '#app/errors';
import {
  Defaulted,
  Tool,
  ToolArgs,
  ToolOutput,
  pathPolicy,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import {
  COMMAND_OUTPUT_CAP,
  LANG_OUTPUT,
  type LangRun,
  ProgramRunner,
  VENV_PYTHON,
  existingPaths,
  langResult,
  langRunOf,
  programPath,
} from '#app/tooling';
import type { WorkspaceRuntime } from '#app/workspace';

const TIMEOUT_SECONDS = 300;
const VENV_DIR = '.workspace-venv';
const DEFAULT_REQUIREMENTS = 'requirements.txt';
export const NO_REQUIREMENTS_DIAGNOSTIC = 'no requirements file found; dependencies skipped';

const PythonInstallDepsArgs = ToolArgs({
  use_venv: Defaulted(
    Type.Boolean({
      description: 'Must be true: dependencies only go into .workspace-venv',
      default: true,
    }),
  ),
  requirements_file: Type.Optional(
    Type.String({ description: 'Requirements file; default requirements.txt when present' }),
  ),
  constraints_file: Type.Optional(
    Type.String({ description: 'Constraints file passed with `-c`' }),
  ),
});

@Tool({
  name: 'python.install_deps',
  description: 'Install Python requirements into the workspace virtualenv (.workspace-venv).',
  inputSchema: PythonInstallDepsArgs,
  outputSchema: ToolOutput({ ...LANG_OUTPUT }),
  scope: 'repo',
  sideEffects: 'reversible',
  riskLevel: 'medium',
  requiresApproval: false,
  idempotency: 'best-effort',
  timeoutSeconds: TIMEOUT_SECONDS,
  maxRetries: 0,
  outputLimitKb: 2048,
  policy: pathPolicy('requirements_file', 'constraints_file'),
})
export class PythonInstallDepsTool implements ToolHandler<typeof PythonInstallDepsArgs> {
  async execute(ctx: ToolContext<typeof PythonInstallDepsArgs>): Promise<ToolResult> {
    if (!ctx.args.use_venv) {
      throw new AppException('invalid_argument', 'use_venv must be true');
    }
    const requested = await resolveGiven(ctx.workspace, ctx.args.requirements_file, ctx.signal);
    const constraints = await resolveGiven(ctx.workspace, ctx.args.constraints_file, ctx.signal);
    const requirements =
      requested ??
      ((await existingPaths(ctx.workspace, [DEFAULT_REQUIREMENTS], ctx.signal)).has(
        DEFAULT_REQUIREMENTS,
      )
        ? DEFAULT_REQUIREMENTS
        : undefined);

    const programs = new ProgramRunner(ctx, {
      timeoutMs: TIMEOUT_SECONDS * 1000,
      outputCapBytes: COMMAND_OUTPUT_CAP,
    });
    const outputs: string[] = [];
    if (!(await existingPaths(ctx.workspace, [VENV_PYTHON], ctx.signal)).has(VENV_PYTHON)) {
      const venv = langRunOf(await programs.run('python3', ['-m', 'venv', VENV_DIR]));
      outputs.push(venv.output);
      if (venv.failure !== undefined) {
        return langResult(venv, {
          toolName: 'python.install_deps',
          maxDiagnostics: 80,
          logs: programs.logs,
        });
      }
    }
    if (requirements === undefined) {
      const skipped: LangRun = { command: [], exit_code: 0, output: outputs.join('\n') };
      return langResult(skipped, {
        toolName: 'python.install_deps',
        maxDiagnostics: 80,
        logs: programs.logs,
        diagnostics: [NO_REQUIREMENTS_DIAGNOSTIC],
        summary: 'dependencies skipped: no requirements file found',
      });
    }
    const args = [
      '-m',
      'pip',
      'install',
      '--disable-pip-version-check',
      '-r',
      programPath(requirements),
      ...(constraints === undefined ? [] : ['-c', programPath(constraints)]),
    ];
    // The package index is reached over the network: a sandbox lets this one command online.
    const pip = langRunOf(await programs.run(VENV_PYTHON, args, { network: true }));
    return langResult(
      { ...pip, output: [...outputs, pip.output].join('\n') },
      { toolName: 'python.install_deps', maxDiagnostics: 80, logs: programs.logs },
    );
  }
}

/** A given file through the resolver, then checked to exist (in the pod for kubernetes sessions). */
async function resolveGiven(
  workspace: WorkspaceRuntime,
  raw: string | undefined,
  signal: AbortSignal,
): Promise<string | undefined> {
  if (raw === undefined || raw === '') {
    return undefined;
  }
  const path = await workspace.resolve(raw);
  if (!(await existingPaths(workspace, [path], signal)).has(path)) {
    throw new AppException('not_found', `path not found: ${path}`);
  }
  return path;
}
