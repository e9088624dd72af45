import { Type } from '@sinclair/typebox';
import {
  Defaulted,
  Tool,
  ToolArgs,
  ToolOutput,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import { GitCommand, gitResult } from './git-command.js';
import { refArgField } from './git-policy.js';
import { assertSafeRef, RefPolicy } from './git-refs.js';
import { GIT_RUN_OUTPUT } from './git-run-output.schema.js';

const TIMEOUT_SECONDS = 30;

const GitCheckoutArgs = ToolArgs({
  ref: Type.String({
    description: 'Branch, tag or commit to check out (the new branch name with `create`)',
  }),
  create: Defaulted(Type.Boolean({ description: 'Create the branch (`-b`)', default: false })),
  start_point: Type.Optional(
    Type.String({ description: 'Where the new branch starts (with `create`)' }),
  ),
  force: Defaulted(
    Type.Boolean({ description: 'Discard local changes (`--force`)', default: false }),
  ),
});

@Tool({
  name: 'git.checkout',
  description: 'Switch to a branch, tag or commit, or create a new branch.',
  inputSchema: GitCheckoutArgs,
  outputSchema: ToolOutput({
    ref: Type.String(),
    created: Type.Boolean(),
    output: Type.String(),
    ...GIT_RUN_OUTPUT,
  }),
  scope: 'repo',
  sideEffects: 'reversible',
  riskLevel: 'medium',
  requiresApproval: false,
  idempotency: 'best-effort',
  timeoutSeconds: TIMEOUT_SECONDS,
  maxRetries: 0,
  outputLimitKb: 512,
  policy: { arg_fields: [refArgField('ref'), refArgField('start_point')] },
  examples: [{ ref: 'main' }, { ref: 'feature/login', create: true, start_point: 'main' }],
})
export class GitCheckoutTool implements ToolHandler<typeof GitCheckoutArgs> {
  async execute(ctx: ToolContext<typeof GitCheckoutArgs>): Promise<ToolResult> {
    const { ref, create, force } = ctx.args;
    const startPoint = create ? ctx.args.start_point : undefined;
    assertSafeRef('ref', ref);
    if (startPoint !== undefined) {
      assertSafeRef('start_point', startPoint);
    }
    const git = new GitCommand(ctx, {
      timeoutSeconds: TIMEOUT_SECONDS,
      outputCapBytes: 512 * 1024,
    });
    const refs = new RefPolicy(ctx.session.metadata, git);
    if (create) {
      refs.assertNewBranch(ref);
    } else {
      await refs.assertLocalRef('ref', ref);
    }
    if (startPoint !== undefined) {
      await refs.assertLocalRef('start_point', startPoint);
    }
    const target = create ? ['-b', ref, ...(startPoint === undefined ? [] : [startPoint])] : [ref];
    // The trailing `--` makes git read the ref as a revision, never as a path to restore;
    // `--no-guess`: a missing branch is never created from a remote-tracking one nobody checked.
    const args = ['checkout', '--no-guess', ...(force ? ['--force'] : []), ...target, '--'];
    const run = await git.run(args);
    return gitResult(git, run, { ref, created: create && run.exit_code === 0, output: run.output });
  }
}
