export type FailureKind = 'go_test' | 'go_package' | 'pytest' | 'cargo_test' | 'jest' | 'node_test';

export type FailedTest = {
  name: string;
  kind: FailureKind;
  /** 1-based line of the first occurrence in the text. */
  line: number;
};

export interface TestFailures {
  /** Distinct failures found (by kind + name), before the `max` cut. */
  failed_count: number;
  failed_tests: FailedTest[];
}

const JS_FILE = /\.[cm]?[jt]sx?$/;
// Reporters append a duration: `✕ adds (3 ms)`, `✖ adds (0.61ms)`.
const DURATION_SUFFIX = /\s+\(\d+(?:\.\d+)?\s*m?s\)$/;

/** One line → a failure, by the shapes of CATALOG.md 6 `repo.test_failures_summary`. */
function matchLine(line: string): { kind: FailureKind; name: string } | undefined {
  const trimmed = line.trim();
  let match = /^--- FAIL: (\S+)/.exec(trimmed);
  if (match) {
    return { kind: 'go_test', name: match[1] };
  }
  match = /^FAIL(\s+)(\S+)/.exec(trimmed);
  if (match) {
    const name = match[2];
    // Go separates with a tab (`FAIL\texample.com/pkg\t0.01s`); jest prints `FAIL src/a.test.ts`.
    const goPackage =
      name.includes('/') && (match[1]?.includes('\t') === true || !JS_FILE.test(name));
    return { kind: goPackage ? 'go_package' : 'jest', name };
  }
  match = /^FAILED (\S+)/.exec(trimmed);
  if (match) {
    return { kind: 'pytest', name: match[1] };
  }
  match = /^test (\S+) \.\.\. FAILED$/.exec(trimmed);
  if (match) {
    return { kind: 'cargo_test', name: match[1] };
  }
  match = /^✕ (.+)$/.exec(trimmed);
  if (match) {
    return { kind: 'jest', name: match[1].replace(DURATION_SUFFIX, '') };
  }
  // Node's built-in runner (`node --test`): spec reporter `✖ name (1ms)`, TAP `not ok 2 - name`.
  match = /^✖ (.+)$/.exec(trimmed) ?? /^not ok \d+ - (.+)$/.exec(trimmed);
  if (match && !/^failing tests:?$/.test(match[1])) {
    return {
      kind: 'node_test',
      name: match[1].replace(DURATION_SUFFIX, '').replace(/\s+#.*$/, ''),
    };
  }
  return undefined;
}

/**
 * Recognised failures of go, pytest, cargo, jest and node's test runner, de-duplicated by kind and
 * name in order of first appearance; `failed_tests` holds at most `max`.
 */
export function parseTestFailures(text: string, max: number): TestFailures {
  const seen = new Set<string>();
  const failures: FailedTest[] = [];
  text.split('\n').forEach((line, index) => {
    const found = matchLine(line);
    if (found === undefined) {
      return;
    }
    const key = `${found.kind}\u0000${found.name}`;
    if (!seen.has(key)) {
      seen.add(key);
      failures.push({ ...found, line: index + 1 });
    }
  });
  return { failed_count: failures.length, failed_tests: failures.slice(0, Math.max(0, max)) };
}
