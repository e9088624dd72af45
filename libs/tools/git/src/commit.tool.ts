import { Type } from '@sinclair/typebox';
import type { Session } from '#app/contracts';
import {
  Defaulted,
  Tool,
  ToolArgs,
  ToolOutput,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import { GitCommand, gitResult, pathArgument } from './git-command.js';
import { GIT_RUN_OUTPUT } from './git-run-output.schema.js';

const TIMEOUT_SECONDS = 30;
const DEFAULT_AUTHOR = 'workspace-bot';

const GitCommitArgs = ToolArgs({
  message: Type.String({ description: 'Commit message' }),
  all: Defaulted(
    Type.Boolean({ description: 'Stage every change first (`git add --all`)', default: false }),
  ),
  paths: Defaulted(
    Type.Array(Type.String(), {
      description: 'Workspace-relative paths to stage and commit',
      default: [],
    }),
  ),
});

@Tool({
  name: 'git.commit',
  description:
    'Record staged changes (optionally staging all changes or given paths first) as a new commit.',
  inputSchema: GitCommitArgs,
  outputSchema: ToolOutput({
    committed: Type.Boolean(),
    commit: Type.String(),
    output: Type.String(),
    ...GIT_RUN_OUTPUT,
  }),
  scope: 'repo',
  sideEffects: 'irreversible',
  riskLevel: 'medium',
  requiresApproval: true,
  idempotency: 'none',
  timeoutSeconds: TIMEOUT_SECONDS,
  maxRetries: 0,
  outputLimitKb: 512,
  preconditions: ['Changes are staged, or `all`/`paths` select what to stage'],
  policy: {
    path_fields: [{ field: 'paths', multi: true, workspace_relative: true }],
    arg_fields: [{ field: 'message', max_length: 1024, deny_characters: ['\u0000'] }],
  },
  examples: [{ message: 'Fix typo in README', paths: ['README.md'] }],
})
export class GitCommitTool implements ToolHandler<typeof GitCommitArgs> {
  async execute(ctx: ToolContext<typeof GitCommitArgs>): Promise<ToolResult> {
    const { message, all } = ctx.args;
    const paths: string[] = [];
    // Empty items select nothing (CATALOG.md 5 `git.commit`): dropped, as path lists always were.
    for (const path of ctx.args.paths.filter((p) => p !== '')) {
      paths.push(pathArgument(await ctx.workspace.resolve(path)));
    }
    const git = new GitCommand(ctx, {
      timeoutSeconds: TIMEOUT_SECONDS,
      outputCapBytes: 512 * 1024,
    });
    const stagings = [
      ...(all ? [['add', '--all']] : []),
      ...(paths.length > 0 ? [['add', '--', ...paths]] : []),
    ];
    for (const staging of stagings) {
      const added = await git.run(staging);
      if (added.exit_code !== 0) {
        return gitResult(git, added, { committed: false, output: added.output });
      }
    }
    const { name, email } = commitIdentity(ctx.session);
    const commitArgs = [
      '-c',
      `user.name=${name}`,
      '-c',
      `user.email=${email}`,
      'commit',
      '-m',
      message,
    ];
    const committed = await git.run([...commitArgs, ...(paths.length > 0 ? ['--', ...paths] : [])]);
    if (committed.exit_code !== 0) {
      return gitResult(git, committed, { committed: false, output: committed.output });
    }
    const head = await git.run(['rev-parse', 'HEAD']);
    return gitResult(git, committed, {
      committed: true,
      ...(head.exit_code === 0 ? { commit: head.output.trim() } : {}),
      output: committed.output,
    });
  }
}

/**
 * CATALOG.md 5 git.commit: name = metadata `git_author_name`, else the actor id, else
 * `workspace-bot`; email = metadata `git_author_email` when it contains `@`, else
 * `<actor id>@workspace.local`.
 */
export function commitIdentity(session: Session): { name: string; email: string } {
  const actor = session.principal.actor_id.trim();
  const metadataName = (session.metadata['git_author_name'] ?? '').trim();
  const metadataEmail = (session.metadata['git_author_email'] ?? '').trim();
  const name = metadataName || actor || DEFAULT_AUTHOR;
  const email = metadataEmail.includes('@')
    ? metadataEmail
    : `${actor || DEFAULT_AUTHOR}@workspace.local`;
  return { name, email };
}
