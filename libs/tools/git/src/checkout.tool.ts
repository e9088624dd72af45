import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { GitCommand, gitResult } from './git-command.js';
import { assertSafeRef, RefPolicy } from './git-refs.js';
import {
  booleanSchema,
  gitOutputSchema,
  inputSchema,
  refArgField,
  stringSchema,
} from './git-schemas.js';
import { readBoolean, readOptionalString, readString } from '#app/tooling';

const TIMEOUT_SECONDS = 30;

@Tool({
  name: 'git.checkout',
  description: 'Switch to a branch, tag or commit, or create a new branch.',
  inputSchema: inputSchema(
    {
      ref: stringSchema('Branch, tag or commit to check out (the new branch name with `create`)'),
      create: booleanSchema('Create the branch (`-b`)', false),
      start_point: stringSchema('Where the new branch starts (with `create`)'),
      force: booleanSchema('Discard local changes (`--force`)', false),
    },
    ['ref'],
  ),
  outputSchema: gitOutputSchema({ ref: 'string', created: 'boolean', output: 'string' }),
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
export class CheckoutTool implements ToolHandler {
  async execute(ctx: ToolContext): Promise<ToolResult> {
    const ref = readString(ctx.args, 'ref');
    const create = readBoolean(ctx.args, 'create', false);
    const force = readBoolean(ctx.args, 'force', false);
    const startPoint = create ? readOptionalString(ctx.args, 'start_point') : undefined;
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
