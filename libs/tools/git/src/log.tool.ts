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
import { GitCommand, gitResult } from './git-command.js';
import { refArgField } from './git-policy.js';
import { assertSafeRef, RefPolicy } from './git-refs.js';
import { GIT_RUN_OUTPUT } from './git-run-output.schema.js';

const TIMEOUT_SECONDS = 20;
const FIELD = '\u001f';
const RECORD = '\u001e';
// hash, author name, author email, author date, subject, parent hashes (CATALOG.md 5 git.log).
const FORMAT = '%H%x1f%an%x1f%ae%x1f%ad%x1f%s%x1f%P%x1e';

const GitLogArgs = ToolArgs({
  ref: Defaulted(Type.String({ description: 'Revision to start from', default: 'HEAD' })),
  max_count: Defaulted(
    Type.Integer({ description: 'Commits to list', minimum: 1, maximum: 200, default: 20 }),
  ),
});

const LogEntry = Type.Object({
  hash: Type.Optional(Type.String()),
  author_name: Type.Optional(Type.String()),
  author_email: Type.Optional(Type.String()),
  date: Type.Optional(Type.String()),
  subject: Type.Optional(Type.String()),
  parents: Type.Optional(Type.Array(Type.String())),
});

@Tool({
  name: 'git.log',
  description: 'List recent commits reachable from a ref, newest first.',
  inputSchema: GitLogArgs,
  outputSchema: ToolOutput({
    ref: Type.String(),
    count: Type.Integer(),
    entries: Type.Array(LogEntry),
    ...GIT_RUN_OUTPUT,
  }),
  scope: 'repo',
  sideEffects: 'none',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'guaranteed',
  timeoutSeconds: TIMEOUT_SECONDS,
  maxRetries: 1,
  outputLimitKb: 1024,
  policy: { arg_fields: [refArgField('ref')] },
  examples: [{ ref: 'HEAD', max_count: 10 }],
})
export class GitLogTool implements ToolHandler<typeof GitLogArgs> {
  async execute(ctx: ToolContext<typeof GitLogArgs>): Promise<ToolResult> {
    // An empty ref means the default too.
    const ref = ctx.args.ref || 'HEAD';
    const maxCount = ctx.args.max_count;
    assertSafeRef('ref', ref);
    const args = ['log', '-n', String(maxCount), '--date=iso-strict', `--format=${FORMAT}`];
    const git = new GitCommand(ctx, {
      timeoutSeconds: TIMEOUT_SECONDS,
      outputCapBytes: 1024 * 1024,
    });
    await new RefPolicy(ctx.session.metadata, git).assertLocalRef('ref', ref);
    const run = await git.run([...args, '--end-of-options', ref, '--']);
    const entries = run.exit_code === 0 ? parseLog(run.output) : [];
    return gitResult(git, run, { ref, count: entries.length, entries });
  }
}

/** Complete records only: a record cut by the output cap has no terminator and is dropped. */
export function parseLog(output: string): JsonObject[] {
  const records = output.split(RECORD).slice(0, -1);
  const entries: JsonObject[] = [];
  for (const record of records) {
    const fields = record.replace(/^\n/, '').split(FIELD);
    if (fields.length !== 6) {
      continue;
    }
    const [hash, authorName, authorEmail, date, subject, parents] = fields as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    entries.push({
      hash,
      author_name: authorName,
      author_email: authorEmail,
      date,
      subject,
      parents: parents.split(' ').filter((parent) => parent !== ''),
    });
  }
  return entries;
}
