import type { JsonObject } from '#app/contracts';
import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { GitCommand, gitResult } from './git-command.js';
import { assertSafeRef, RefPolicy } from './git-refs.js';
import { gitOutputSchema, inputSchema, refArgField, stringSchema } from './git-schemas.js';
import { readInteger, readString } from '#app/tooling';

const TIMEOUT_SECONDS = 20;
const FIELD = '\u001f';
const RECORD = '\u001e';
// hash, author name, author email, author date, subject, parent hashes (CATALOG.md 5 git.log).
const FORMAT = '%H%x1f%an%x1f%ae%x1f%ad%x1f%s%x1f%P%x1e';

const ENTRY_SCHEMA = {
  type: 'object',
  properties: {
    hash: { type: 'string' },
    author_name: { type: 'string' },
    author_email: { type: 'string' },
    date: { type: 'string' },
    subject: { type: 'string' },
    parents: { type: 'array', items: { type: 'string' } },
  },
};

@Tool({
  name: 'git.log',
  description: 'List recent commits reachable from a ref, newest first.',
  inputSchema: inputSchema({
    ref: stringSchema('Revision to start from', 'HEAD'),
    max_count: {
      type: 'integer',
      description: 'Commits to list',
      minimum: 1,
      maximum: 200,
      default: 20,
    },
  }),
  outputSchema: gitOutputSchema({
    ref: 'string',
    count: 'integer',
    entries: { type: 'array', items: ENTRY_SCHEMA },
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
export class LogTool implements ToolHandler {
  async execute(ctx: ToolContext): Promise<ToolResult> {
    const ref = readString(ctx.args, 'ref', 'HEAD') || 'HEAD';
    const maxCount = readInteger(ctx.args, 'max_count', 20, 1, 200);
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
