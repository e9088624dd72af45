import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// docs/TROUBLESHOOTING.md must quote every 503 `unavailable` message the service can answer with,
// so an operator can search the page for the message in hand. The messages are read from the
// code, so a new or reworded one fails here until the page has it.

const UNAVAILABLE_MESSAGE = [
  /new AppException\(\s*'unavailable',\s*(`[^`]*`|'[^']*'|[A-Z][A-Z0-9_]*)/g,
  /code:\s*'unavailable',\s*message:\s*(`[^`]*`|'[^']*'|[A-Z][A-Z0-9_]*)/g,
];
/**
 * Messages raised with a code decided at run time (`unavailable` or `internal`), which the patterns
 * above cannot see; each must still be in the code, so this list cannot go stale unnoticed.
 */
const INDIRECT = ['invocation record could not be saved'];

function productionSources(): Map<string, string> {
  const files = ['apps', 'libs']
    .flatMap((root) =>
      readdirSync(root, { recursive: true, encoding: 'utf8' }).map((f) => join(root, f)),
    )
    .filter((f) => f.endsWith('.ts') && !/\.(spec|e2e-spec|contract)\.ts$/.test(f))
    .filter((f) => !/(^|\/)(test|testing)\//.test(f))
    // The client library runs in the caller's process: its messages are not the service's answers.
    .filter((f) => !f.startsWith(join('libs', 'client')));
  return new Map(files.map((f) => [f, readFileSync(f, 'utf8')]));
}

/** `export const NAME = '…'` string constants, for messages built from them. */
function stringConstants(sources: Map<string, string>): Map<string, string> {
  const constants = new Map<string, string>();
  for (const text of sources.values()) {
    for (const [, name, value] of text.matchAll(/export const ([A-Z][A-Z0-9_]*) =\s*'([^']*)'/g)) {
      constants.set(name, value);
    }
  }
  return constants;
}

/**
 * The text a page must contain for one message argument: a literal as is; a constant resolved; a
 * template as its fixed parts (and the constants it interpolates), since `${reason}` varies.
 */
function requiredTexts(argument: string, constants: Map<string, string>): string[] {
  if (argument.startsWith("'")) {
    return [argument.slice(1, -1)];
  }
  if (!argument.startsWith('`')) {
    const value = constants.get(argument);
    if (value === undefined) {
      throw new Error(`message constant ${argument} not found`);
    }
    return [value];
  }
  const body = argument.slice(1, -1);
  const interpolated = [...body.matchAll(/\$\{\s*([A-Za-z_][\w.]*)\s*\}/g)]
    .map((m) => constants.get(m[1]))
    .filter((value): value is string => value !== undefined);
  const fixed = body
    .split(/\$\{[^}]*\}/)
    .map((part) => part.replace(/^[\s:;,.]+|[\s:;,.]+$/g, ''))
    .filter((part) => part.length >= 4);
  return [...fixed, ...interpolated];
}

function unavailableMessages(sources: Map<string, string>): string[] {
  const constants = stringConstants(sources);
  const texts = [...sources.values()].flatMap((text) =>
    UNAVAILABLE_MESSAGE.flatMap((pattern) =>
      [...text.matchAll(pattern)].flatMap((m) => requiredTexts(m[1], constants)),
    ),
  );
  return [...new Set([...texts, ...INDIRECT])].sort();
}

describe('docs/TROUBLESHOOTING.md', () => {
  const sources = productionSources();
  const messages = unavailableMessages(sources);
  const page = readFileSync('docs/TROUBLESHOOTING.md', 'utf8');

  it('should find the unavailable messages of the code, resolved', () => {
    expect(messages).toEqual(
      expect.arrayContaining([
        'valkey unavailable',
        'service is shutting down',
        'session workspace is not on this replica',
        'cancel channel unavailable',
        'artifact store unavailable',
        'sandbox unavailable',
        'install bubblewrap (bwrap), slirp4netns, nsenter and ip on the service host, or set WORKSPACE_LOCAL_SANDBOX=off on a single-user machine',
        'invocation lost: replica',
        'artifact persistence failed',
      ]),
    );
    expect(messages.length).toBeGreaterThanOrEqual(12);
  });

  it('should still raise every message listed as indirect', () => {
    const code = [...sources.values()].join('\n');

    for (const message of INDIRECT) {
      expect(code).toContain(`'${message}'`);
    }
  });

  it('should quote every unavailable message the service can answer with', () => {
    expect(messages.filter((message) => !page.includes(message))).toEqual([]);
  });

  it('should cover 429, 428, the image-build fallback and the runner-pod socket error', () => {
    for (const text of [
      'session invocation rate limit exceeded',
      'principal invocation rate limit exceeded',
      'session invocation concurrency limit exceeded',
      'Retry-After',
      'tool requires explicit approval',
      'approval request required: "approved" is not accepted in request mode',
      'approval request is pending',
      'image build simulated (builder unavailable in runtime)',
      'builder_runtime_unavailable',
      'curl: (7) failed to open socket: Operation not permitted',
    ]) {
      expect(page).toContain(text);
    }
  });

  it('should only link to sections the page has', () => {
    // GitHub's anchors: lowercase, punctuation other than - and _ dropped, spaces as -.
    const anchors = new Set(
      [...page.matchAll(/^#{2,4} (.+)$/gm)].map(([, heading]) =>
        heading
          .toLowerCase()
          .replace(/[^\w\s-]/g, '')
          .replace(/\s/g, '-'),
      ),
    );
    const links = [...page.matchAll(/\]\(#([^)]+)\)/g)].map(([, anchor]) => anchor);

    expect(links.length).toBeGreaterThan(10);
    expect(links.filter((anchor) => !anchors.has(anchor))).toEqual([]);
  });

  it('should be linked from the README and docs/OBSERVABILITY.md', () => {
    expect(readFileSync('README.md', 'utf8')).toContain('(docs/TROUBLESHOOTING.md)');
    expect(readFileSync('docs/OBSERVABILITY.md', 'utf8')).toContain('(TROUBLESHOOTING.md)');
  });
});
