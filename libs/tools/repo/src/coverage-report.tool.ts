import { Type } from '@sinclair/typebox';
import type { JsonObject } from '#app/contracts';
import {
  Tool,
  ToolArgs,
  ToolOutput,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import {
  COMMAND_OUTPUT_CAP,
  ProgramRunner,
  detectProject,
  parseCoveragePercent,
  programFailure,
  textArtifact,
} from '#app/tooling';
import { type RepoCommandRun, checkTarget, runRepoCommand } from './repo-command.js';
import { StringList, TargetArg } from './repo-command.schema.js';
import { commandResult } from './repo-result.js';

const TIMEOUT_SECONDS = 240;
const GO_PROFILE = '.workspace.cover.out';

const RepoCoverageReportArgs = ToolArgs({ target: Type.Optional(TargetArg) });

@Tool({
  name: 'repo.coverage_report',
  description:
    'Run the tests with coverage and report the total percentage when the toolchain prints one.',
  inputSchema: RepoCoverageReportArgs,
  outputSchema: ToolOutput({
    project_type: Type.String(),
    command: StringList,
    coverage_supported: Type.Boolean(),
    coverage_percent: Type.Number(),
    exit_code: Type.Integer(),
    output: Type.String(),
    summary: Type.String(),
  }),
  scope: 'repo',
  sideEffects: 'reversible',
  riskLevel: 'medium',
  requiresApproval: false,
  idempotency: 'best-effort',
  timeoutSeconds: TIMEOUT_SECONDS,
  maxRetries: 0,
  outputLimitKb: 2048,
  examples: [{}, { target: './internal/...' }],
})
export class RepoCoverageReportTool implements ToolHandler<typeof RepoCoverageReportArgs> {
  async execute(ctx: ToolContext<typeof RepoCoverageReportArgs>): Promise<ToolResult> {
    const target = ctx.args.target;
    const project = await detectProject(ctx.workspace, ctx.signal);
    const run =
      project.project_type === 'go'
        ? await goCoverage(ctx, project, checkTarget(target) ?? './...')
        : await runRepoCommand(ctx, 'test', { target, timeoutMs: TIMEOUT_SECONDS * 1000 });
    const percent = parseCoveragePercent(run.output);
    const output: JsonObject = {
      project_type: run.project.project_type,
      command: run.command,
      coverage_supported: project.project_type === 'go' || percent !== undefined,
      ...(percent === undefined ? {} : { coverage_percent: percent }),
      exit_code: run.exit_code,
      output: run.output,
      summary:
        run.failure !== undefined
          ? `coverage run failed with exit code ${run.exit_code}`
          : percent === undefined
            ? 'tests passed; no coverage percentage reported'
            : `coverage ${percent}%`,
    };
    return commandResult(output, run, [textArtifact('coverage-report.txt', run.output)]);
  }
}

/** go: test with a profile, summarise it with `go tool cover`, then remove the profile. */
async function goCoverage(
  ctx: ToolContext,
  project: RepoCommandRun['project'],
  target: string,
): Promise<RepoCommandRun> {
  const programs = new ProgramRunner(ctx, {
    timeoutMs: TIMEOUT_SECONDS * 1000,
    outputCapBytes: COMMAND_OUTPUT_CAP,
  });
  try {
    const test = await programs.run('go', [
      'test',
      target,
      `-coverprofile`,
      GO_PROFILE,
      '-covermode=atomic',
    ]);
    const failure = programFailure(test);
    const base: RepoCommandRun = {
      project,
      command: test.command,
      exit_code: test.exit_code,
      output: test.output,
      truncated: test.truncated,
      logs: programs.logs,
    };
    if (failure !== undefined) {
      return { ...base, failure };
    }
    const cover = await programs.run('go', ['tool', 'cover', `-func=${GO_PROFILE}`]);
    const coverFailure = programFailure(cover);
    return {
      ...base,
      output: `${test.output}\n${cover.output}`,
      truncated: test.truncated || cover.truncated,
      ...(coverFailure === undefined ? {} : { failure: coverFailure, exit_code: cover.exit_code }),
    };
  } finally {
    await programs.run('rm', ['-f', GO_PROFILE], { log: false });
  }
}
