import { Type } from '@sinclair/typebox';
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

const MAX_BYTES_LIMIT = 1_048_576;

/**
 * The args, declared once: the catalog publishes this schema, the pipeline validates each call
 * against it and fills in `max_bytes` when it is left out, and `execute` gets its static type.
 * `path` is required; `max_bytes` is `Defaulted`, so the handler always receives a number.
 */
const WordCountArgs = ToolArgs({
  path: Type.String({ description: 'Workspace-relative text file' }),
  max_bytes: Defaulted(
    Type.Integer({
      description: 'Count at most this many bytes from the start of the file',
      minimum: 1,
      maximum: MAX_BYTES_LIMIT,
      default: MAX_BYTES_LIMIT,
    }),
  ),
});

/**
 * `text.word_count`: lines, words and characters of one workspace text file, like `wc`.
 * The output schema documents what a result may hold (CATALOG.md 1.6).
 */
@Tool({
  name: 'text.word_count',
  description: 'Count the lines, words and characters of one UTF-8 text file in the workspace.',
  inputSchema: WordCountArgs,
  outputSchema: ToolOutput({
    path: Type.String(),
    lines: Type.Integer(),
    words: Type.Integer(),
    characters: Type.Integer(),
    size_bytes: Type.Integer(),
    truncated: Type.Boolean(),
  }),
  scope: 'workspace',
  sideEffects: 'none',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'guaranteed',
  timeoutSeconds: 15,
  maxRetries: 0,
  outputLimitKb: 1,
  preconditions: ['path names a UTF-8 text file inside allowed_paths'],
  postconditions: ['the workspace is unchanged'],
  // The policy step checks this path against the session's allowed_paths before the handler runs.
  policy: pathPolicy('path'),
  // Type-checked against WordCountArgs; each must also validate at boot.
  examples: [{ path: 'README.md' }, { path: 'docs/guide.md', max_bytes: 65_536 }],
})
export class TextWordCountTool implements ToolHandler<typeof WordCountArgs> {
  async execute({ args, workspace }: ToolContext<typeof WordCountArgs>): Promise<ToolResult> {
    // `args` passed the schema already: `path` is a string, `max_bytes` an integer in range.
    // Handlers resolve every path themselves too (API.md 7.4): the port refuses escapes.
    const path = await workspace.resolve(args.path);
    const read = await workspace.readFile(path, args.max_bytes);
    const text = decodeUtf8(read.data);
    if (text === undefined) {
      return { error: { code: 'invalid_argument', message: `file is not UTF-8 text: ${path}` } };
    }
    return {
      output: {
        path,
        ...countText(text),
        size_bytes: read.size_bytes,
        truncated: read.truncated,
      },
    };
  }
}

/** Counts like `wc`, except that a last line without a newline still counts as a line. */
export function countText(text: string): { lines: number; words: number; characters: number } {
  const newlines = text.match(/\n/g)?.length ?? 0;
  return {
    lines: text === '' || text.endsWith('\n') ? newlines : newlines + 1,
    words: text.match(/\S+/gu)?.length ?? 0,
    characters: [...text].length,
  };
}

// `stream: true` holds back a multi-byte character cut by `max_bytes` instead of failing on it;
// any other invalid byte means the file is not text.
function decodeUtf8(data: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data, { stream: true });
  } catch {
    return undefined;
  }
}
