import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';

const DEFAULT_MAX_BYTES = 1_048_576;

/**
 * `text.word_count`: lines, words and characters of one workspace text file, like `wc`.
 * The schemas are plain JSON Schema objects (CATALOG.md 1.5, 1.6); the catalog publishes them and
 * the pipeline validates `args` against `inputSchema` before `execute` runs.
 */
@Tool({
  name: 'text.word_count',
  description: 'Count the lines, words and characters of one UTF-8 text file in the workspace.',
  inputSchema: {
    type: 'object',
    properties: {
      path: { type: 'string', description: 'Workspace-relative text file' },
      max_bytes: {
        type: 'integer',
        description: 'Count at most this many bytes from the start of the file',
        minimum: 1,
        maximum: DEFAULT_MAX_BYTES,
        default: DEFAULT_MAX_BYTES,
      },
    },
    required: ['path'],
    additionalProperties: false,
  },
  outputSchema: {
    type: 'object',
    properties: {
      path: { type: 'string' },
      lines: { type: 'integer' },
      words: { type: 'integer' },
      characters: { type: 'integer' },
      size_bytes: { type: 'integer' },
      truncated: { type: 'boolean' },
    },
  },
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
  policy: { path_fields: [{ field: 'path', workspace_relative: true }] },
  examples: [{ path: 'README.md' }, { path: 'docs/guide.md', max_bytes: 65_536 }],
})
export class WordCountTool implements ToolHandler {
  async execute({ args, workspace }: ToolContext): Promise<ToolResult> {
    // `args` passed the input schema already: `path` is a string, `max_bytes` absent or in range.
    const maxBytes = typeof args['max_bytes'] === 'number' ? args['max_bytes'] : DEFAULT_MAX_BYTES;
    // Handlers resolve every path themselves too (API.md 7.4): the port refuses escapes.
    const path = await workspace.resolve(String(args['path']));
    const read = await workspace.readFile(path, maxBytes);
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
