import type { LogLine } from '#app/contracts';
import { AppException } from '#app/errors';
import type { ToolContext, ToolErrorResult } from '#app/tool-registry';
import {
  COMMAND_OUTPUT_CAP,
  type ExtraArgsPurpose,
  type ProjectInfo,
  ProgramRunner,
  choosePythonInterpreter,
  detectProject,
  assertExtraArgsContained,
  filterExtraArgs,
  programFailure,
  programPath,
  requireKnownProject,
  resolveCSource,
} from '#app/tooling';
import { type RepoAction, planRepoCommand } from './repo-command-matrix.js';

export interface RepoCommandOptions {
  /** Raw `target` arg (empty means absent). */
  target?: string;
  /** Raw `extra_args`, filtered here for the project type. */
  extraArgs?: string[];
  /** Which `extra_args` rules apply (CATALOG.md 3.10). */
  purpose?: ExtraArgsPurpose;
  /** Per-command deadline: the tool's timeout. */
  timeoutMs: number;
}

/** The outcome of one matrix cell; a failing program is data here, not an exception. */
export interface RepoCommandRun {
  project: ProjectInfo;
  /** argv of the main (last run) command. */
  command: string[];
  exit_code: number;
  /** Combined output of the commands run, each capped at 2 MiB. */
  output: string;
  truncated: boolean;
  /** CATALOG.md 3.4 mapping of the first failing command. */
  failure?: ToolErrorResult;
  logs: LogLine[];
  /** `repo.package`: workspace-relative location of the result. */
  artifactPath?: string;
}

/**
 * Detects the project, builds the matrix command (CATALOG.md 6.1) and runs it through the runner
 * (cwd = workspace), stopping at the first failing command.
 *
 * @throws AppException `execution_failed` `no supported project found`, `invalid_argument` for a
 *   `target` starting with `-` or a refused `extra_args` item, resolver errors for path targets
 */
export async function runRepoCommand(
  ctx: ToolContext,
  action: RepoAction,
  options: RepoCommandOptions,
): Promise<RepoCommandRun> {
  const project = await detectProject(ctx.workspace, ctx.signal);
  requireKnownProject(project);
  const target = checkTarget(options.target);
  const extraArgs = filterExtraArgs(options.extraArgs ?? [], project, options.purpose ?? 'build');
  await assertExtraArgsContained(ctx.workspace, extraArgs);
  const plan = planRepoCommand(action, {
    project,
    target: await resolveTarget(ctx, project, action, target),
    extraArgs,
    ...(project.project_type === 'python'
      ? { python: await choosePythonInterpreter(ctx.workspace, ctx.signal) }
      : {}),
    ...(project.project_type === 'c'
      ? {
          cSource: await resolveCSource(ctx.workspace, {
            requested: target,
            preferTests: action === 'test',
            signal: ctx.signal,
          }),
        }
      : {}),
  });
  for (const dir of plan.mkdirs) {
    await ctx.workspace.mkdir(dir, { createParents: true, mode: 0o755 });
  }
  const programs = new ProgramRunner(ctx, {
    timeoutMs: options.timeoutMs,
    outputCapBytes: COMMAND_OUTPUT_CAP,
  });
  const outputs: string[] = [];
  let result: RepoCommandRun = {
    project,
    command: [],
    exit_code: 0,
    output: '',
    truncated: false,
    logs: programs.logs,
  };
  for (const step of plan.steps) {
    const run = await programs.run(step.program, step.args);
    outputs.push(run.output);
    const failure = programFailure(run);
    result = {
      ...result,
      command: run.command,
      exit_code: run.exit_code,
      output: outputs.join('\n'),
      truncated: result.truncated || run.truncated,
      ...(failure === undefined ? {} : { failure }),
    };
    if (failure !== undefined) {
      return result;
    }
  }
  const artifactPath =
    typeof plan.artifactPath === 'string' ? plan.artifactPath : lastLine(result.output);
  return plan.artifactPath === undefined || artifactPath === undefined
    ? result
    : { ...result, artifactPath };
}

/** An empty `target` means absent; one starting with `-` could smuggle a flag (CATALOG.md 6). */
export function checkTarget(target: string | undefined): string | undefined {
  if (target === undefined || target.trim() === '') {
    return undefined;
  }
  if (target.startsWith('-')) {
    throw new AppException('invalid_argument', 'target must not start with "-"');
  }
  return target;
}

async function resolveTarget(
  ctx: ToolContext,
  project: ProjectInfo,
  action: RepoAction,
  target: string | undefined,
): Promise<string | undefined> {
  if (target === undefined || project.project_type !== 'python' || action === 'package') {
    return target;
  }
  // Python targets are paths (a pytest node id keeps its `::` suffix): they go through the resolver.
  const separator = target.indexOf('::');
  const path = separator === -1 ? target : target.slice(0, separator);
  const suffix = separator === -1 ? '' : target.slice(separator);
  return `${programPath(await ctx.workspace.resolve(path))}${suffix}`;
}

function lastLine(output: string): string | undefined {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return lines.at(-1);
}
