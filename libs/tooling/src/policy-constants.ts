import type { ArgFieldRule } from '#app/contracts';

// CATALOG.md 1.4. Frozen so no tool can widen a shared set by mutating it.

/** Shell metacharacters and line breaks refused in command-line-like arguments. */
export const SHELL_DENY: readonly string[] = Object.freeze([
  ';',
  '|',
  '&',
  '`',
  '$(',
  '>',
  '<',
  '\n',
  '\r',
]);

/** {@link SHELL_DENY} plus the space character. */
export const SHELL_DENY_SPACE: readonly string[] = Object.freeze([...SHELL_DENY, ' ']);

/** Prefixes an `extra_args` item of a test tool must start with. */
export const TEST_ALLOWED_PREFIX: readonly string[] = Object.freeze([
  '-v',
  '-q',
  '-race',
  '-cover',
  '-coverprofile=',
  '-run=',
  '-count=',
  '-timeout=',
  '--if-present',
  '--silent',
  '--maxfail=',
  '--disable-warnings',
  '--release',
  '--locked',
  '--offline',
  '--features=',
  '--all-features',
  '--no-default-features',
  '--package=',
  '--tests',
  '-P',
  '--no-daemon',
  '-D',
]);

/** Prefixes an `extra_args` item of a build tool must start with. */
export const BUILD_ALLOWED_PREFIX: readonly string[] = Object.freeze([
  ...TEST_ALLOWED_PREFIX,
  '-trimpath',
  '-tags=',
]);

/** Prefixes always refused in `extra_args` (code execution and config injection flags). */
export const TEST_DENIED_PREFIX: readonly string[] = Object.freeze([
  '-exec',
  '-toolexec',
  '-mod=mod',
  '-modfile',
  '-buildmode=plugin',
  '-f',
  '--file',
  '--require',
  '--import',
  '--project-cache-dir',
]);

function extraArgsRule(allowedPrefix: readonly string[]): ArgFieldRule {
  return {
    field: 'extra_args',
    multi: true,
    max_items: 8,
    max_length: 64,
    allowed_prefix: [...allowedPrefix],
    denied_prefix: [...TEST_DENIED_PREFIX],
    deny_characters: [...SHELL_DENY],
  };
}

/** Policy `arg_fields` entry of test tools with `extra_args`. */
export const EXTRA_ARGS_TEST: ArgFieldRule = Object.freeze(extraArgsRule(TEST_ALLOWED_PREFIX));

/** Policy `arg_fields` entry of build tools with `extra_args`. */
export const EXTRA_ARGS_BUILD: ArgFieldRule = Object.freeze(extraArgsRule(BUILD_ALLOWED_PREFIX));

/** Policy `arg_fields` of `git.push`, `git.fetch` and `git.pull`. */
export const GIT_REMOTE_POLICY: readonly ArgFieldRule[] = Object.freeze([
  { field: 'remote', max_length: 128, deny_characters: [...SHELL_DENY_SPACE] },
  { field: 'refspec', max_length: 512, deny_characters: [...SHELL_DENY_SPACE] },
]);
