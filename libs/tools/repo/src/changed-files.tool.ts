import { Type } from '@sinclair/typebox';
import type { JsonObject } from '#app/contracts';
import { AppException } from '#app/errors';
import {
  Defaulted,
  OpaqueObject,
  StringEnum,
  Tool,
  ToolArgs,
  ToolOutput,
  pathPolicy,
  type ToolContext,
  type ToolErrorResult,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import {
  COMMAND_OUTPUT_CAP,
  ProgramRunner,
  SHELL_DENY,
  commandFailedMessage,
  jsonArtifact,
  programFailure,
  programPath,
  type ProgramRun,
} from '#app/tooling';
import {
  type ChangedFile,
  detectChangeFormat,
  parseNameStatus,
  parsePorcelain,
} from './changed-files.parser.js';
import { StringList } from './repo-command.schema.js';

const TIMEOUT_SECONDS = 90;

const RepoChangedFilesArgs = ToolArgs({
  base_ref: Type.Optional(
    Type.String({ description: 'Compare <base_ref>...HEAD instead of the working tree' }),
  ),
  path: Defaulted(
    Type.String({ description: 'Limit to this workspace-relative path', default: '.' }),
  ),
  max_files: Defaulted(
    Type.Integer({ description: 'Files listed at most', minimum: 1, maximum: 2000, default: 200 }),
  ),
  include_untracked: Defaulted(
    Type.Boolean({ description: 'Keep untracked files', default: true }),
  ),
  output: Type.Optional(
    Type.String({
      description: 'Porcelain v1 or name-status text to parse instead of running git',
    }),
  ),
});

@Tool({
  name: 'repo.changed_files',
  description:
    'List changed files from git (working tree or against a base ref) or from given git output.',
  inputSchema: RepoChangedFilesArgs,
  outputSchema: ToolOutput({
    source: StringEnum(['git', 'provided_output']),
    mode: StringEnum([
      'working_tree',
      'base_ref_diff',
      'provided_porcelain',
      'provided_name_status',
    ]),
    base_ref: Type.String(),
    path: Type.String(),
    command: StringList,
    exit_code: Type.Integer(),
    changed_count: Type.Integer(),
    changed_files: Type.Array(OpaqueObject()),
    truncated: Type.Boolean(),
    summary: Type.String(),
  }),
  scope: 'repo',
  sideEffects: 'none',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'best-effort',
  timeoutSeconds: TIMEOUT_SECONDS,
  maxRetries: 0,
  outputLimitKb: 1024,
  policy: {
    ...pathPolicy('path'),
    arg_fields: [{ field: 'base_ref', max_length: 120, deny_characters: [...SHELL_DENY] }],
  },
  examples: [{}, { base_ref: 'origin/main', path: 'src', max_files: 100 }],
})
export class RepoChangedFilesTool implements ToolHandler<typeof RepoChangedFilesArgs> {
  async execute(ctx: ToolContext<typeof RepoChangedFilesArgs>): Promise<ToolResult> {
    const path = await ctx.workspace.resolve(ctx.args.path);
    const baseRef = ctx.args.base_ref;
    const provided = ctx.args.output;
    const programs = new ProgramRunner(ctx, {
      timeoutMs: TIMEOUT_SECONDS * 1000,
      outputCapBytes: COMMAND_OUTPUT_CAP,
    });
    let listing: Listing;
    if (provided !== undefined) {
      const format = detectChangeFormat(provided);
      listing = {
        source: 'provided_output',
        mode: format === 'porcelain' ? 'provided_porcelain' : 'provided_name_status',
        command: [],
        exit_code: 0,
        files: format === 'porcelain' ? parsePorcelain(provided) : parseNameStatus(provided),
      };
    } else {
      listing = await runGit(programs, path, baseRef);
    }
    const kept = listing.files
      .filter((file) => ctx.args.include_untracked || !file.untracked)
      .filter((file) => provided === undefined || isUnder(file.path, path))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const maxFiles = ctx.args.max_files;
    const changed = kept.slice(0, maxFiles);
    const output: JsonObject = {
      source: listing.source,
      mode: listing.mode,
      ...(baseRef === undefined ? {} : { base_ref: baseRef }),
      path,
      command: listing.command,
      exit_code: listing.exit_code,
      changed_count: changed.length,
      changed_files: changed.map((file) => ({ ...file })),
      truncated: kept.length > maxFiles || listing.truncated === true,
      summary: changed.length === 0 ? 'no changed files' : `${changed.length} changed files`,
    };
    return {
      output,
      logs: programs.logs,
      artifacts: [jsonArtifact('changed-files-summary.json', output)],
      exit_code: listing.exit_code,
      ...(listing.error === undefined ? {} : { error: listing.error }),
    };
  }
}

interface Listing {
  source: 'git' | 'provided_output';
  mode: string;
  command: string[];
  exit_code: number;
  files: ChangedFile[];
  truncated?: boolean;
  error?: ToolErrorResult;
}

async function runGit(
  programs: ProgramRunner,
  path: string,
  baseRef: string | undefined,
): Promise<Listing> {
  const pathArgs = path === '.' ? [] : ['--', programPath(path)];
  if (baseRef !== undefined && baseRef.startsWith('-')) {
    throw new AppException('invalid_argument', 'base_ref must not start with "-"');
  }
  const run =
    baseRef === undefined
      ? await programs.run('git', ['status', '--porcelain=v1', ...pathArgs])
      : await programs.run('git', [
          'diff',
          '--name-status',
          '--find-renames',
          `${baseRef}...HEAD`,
          ...pathArgs,
        ]);
  const error = gitFailure(run);
  return {
    source: 'git',
    mode: baseRef === undefined ? 'working_tree' : 'base_ref_diff',
    command: run.command,
    exit_code: run.exit_code,
    files:
      error !== undefined
        ? []
        : baseRef === undefined
          ? parsePorcelain(run.output)
          : parseNameStatus(run.output),
    truncated: run.truncated,
    ...(error === undefined ? {} : { error }),
  };
}

/** CATALOG.md 3.4: git exit 128 → `git_repo_error`, 129 → `git_usage_error`. */
function gitFailure(run: ProgramRun): ToolErrorResult | undefined {
  if (run.exit_code === 128 || run.exit_code === 129) {
    const code = run.exit_code === 128 ? 'git_repo_error' : 'git_usage_error';
    return { code, message: commandFailedMessage(run), retryable: false };
  }
  return programFailure(run);
}

function isUnder(file: string, path: string): boolean {
  return path === '.' || file === path || file.startsWith(`${path}/`);
}
