import { posix } from 'node:path';

import { AppException } from '#app/errors';
import { PATH_ESCAPES, type WorkspaceRuntime } from '#app/workspace';
import type { ProjectInfo } from './project-detection.js';
import { SHELL_DENY } from './policy-constants.js';

export type ExtraArgsPurpose = 'build' | 'test';

export const MAX_EXTRA_ARGS = 8;
export const MAX_EXTRA_ARG_LENGTH = 64;

// CONTROL covers NUL, tabs and line breaks; SHELL_DENY the rest of the metacharacters of 1.4.
const CONTROL = /[\u0000-\u001f\u007f]/;

interface FlagRules {
  /** Items accepted exactly. */
  exact: readonly string[];
  /** Flags taking a value, as `flag=value` or followed by a separate value item. */
  valueFlags: readonly string[];
  /** Flags accepted with the value glued on (`-Pprofile`), or `-Dtest=<v>` style prefixes. */
  gluedPrefixes?: readonly string[];
  /** Refused even when another rule would accept them. */
  refusedPrefixes?: readonly string[];
}

const GO: FlagRules = {
  exact: ['-v', '-x', '-race', '-trimpath', '-short', '-cover', '-mod=readonly', '-mod=vendor'],
  valueFlags: ['-tags', '-run', '-count', '-timeout', '-coverprofile'],
  refusedPrefixes: ['-exec', '-toolexec', '-mod=mod', '-modfile', '-overlay', '-buildmode=plugin'],
};
const PYTHON_TEST: FlagRules = { exact: ['-q', '-x', '-s'], valueFlags: ['-k', '-m', '--maxfail'] };
const RUST: FlagRules = {
  exact: ['--release', '--locked', '--offline', '--all-features', '--no-default-features'],
  valueFlags: ['--features', '--package', '--jobs', '--target'],
  refusedPrefixes: ['-Z'],
};
const MAVEN: FlagRules = {
  exact: ['-DskipTests', '-DskipITs', '--batch-mode', '--no-transfer-progress'],
  valueFlags: ['-P'],
  gluedPrefixes: ['-Dtest=', '-P'],
};
const GRADLE_BUILD: FlagRules = {
  exact: ['--no-daemon', '--info', '--stacktrace'],
  valueFlags: [],
  gluedPrefixes: ['--tests='],
};
const GRADLE_TEST: FlagRules = { ...GRADLE_BUILD, valueFlags: ['--tests'] };
const NONE: FlagRules = { exact: [], valueFlags: [] };

function rulesFor(project: ProjectInfo, purpose: ExtraArgsPurpose): FlagRules {
  switch (project.project_type) {
    case 'go':
      return GO;
    case 'python':
      return purpose === 'test' ? PYTHON_TEST : NONE;
    case 'rust':
      return RUST;
    case 'java':
      if (project.flavor === 'maven') {
        return MAVEN;
      }
      return purpose === 'test' ? GRADLE_TEST : GRADLE_BUILD;
    case 'node':
    case 'c':
    case 'unknown':
      return NONE;
  }
}

/**
 * CATALOG.md 3.10: the handler's second-layer check of `extra_args`, after the policy. Returns the
 * items unchanged when every one is allowed for the project type; node and c projects accept none.
 *
 * @throws AppException `invalid_argument` `extra_args item not allowed: <item>` (or
 *   `extra_args has more than 8 items`, `extra_args item needs a value: <flag>`,
 *   `extra_args item names a path outside the workspace: <item>`)
 */
export function filterExtraArgs(
  items: readonly string[],
  project: ProjectInfo,
  purpose: ExtraArgsPurpose,
): string[] {
  if (items.length > MAX_EXTRA_ARGS) {
    throw new AppException('invalid_argument', `extra_args has more than ${MAX_EXTRA_ARGS} items`);
  }
  for (const item of items) {
    if (
      item === '' ||
      item.length > MAX_EXTRA_ARG_LENGTH ||
      CONTROL.test(item) ||
      SHELL_DENY.some((denied) => item.includes(denied))
    ) {
      throw notAllowed(item);
    }
    if (namesOutsidePath(item)) {
      throw new AppException(
        'invalid_argument',
        `extra_args item names a path outside the workspace: ${item}`,
      );
    }
  }
  const rules = rulesFor(project, purpose);
  for (let index = 0; index < items.length; index += 1) {
    const item = items[index];
    if (rules.refusedPrefixes?.some((prefix) => item.startsWith(prefix))) {
      throw notAllowed(item);
    }
    if (rules.exact.includes(item)) {
      continue;
    }
    if (
      rules.valueFlags.some((flag) => item.startsWith(`${flag}=`) && item.length > flag.length + 1)
    ) {
      continue;
    }
    if (rules.valueFlags.includes(item)) {
      const value = items[index + 1];
      if (value === undefined || value.startsWith('-')) {
        throw new AppException('invalid_argument', `extra_args item needs a value: ${item}`);
      }
      index += 1;
      continue;
    }
    if (
      rules.gluedPrefixes?.some((prefix) => item.startsWith(prefix) && item.length > prefix.length)
    ) {
      continue;
    }
    throw notAllowed(item);
  }
  return [...items];
}

// Any value a program could take as a path: the item itself when it is not a flag (the separate
// value of `-o /abs`), whatever follows each `=` (`--flag=/abs`, `-Dx=y=/abs`), what follows a glued
// one-letter option (`-o/abs`, `-P~/x`), each split further on `,` (`-tags=a,/abs`).
function valueCandidates(item: string): string[] {
  const texts = [...(item.startsWith('-') ? [] : [item]), ...item.split('=').slice(1)];
  if (/^-[A-Za-z]./.test(item)) {
    texts.push(item.slice(2));
  }
  return texts.flatMap((text) => text.split(',')).map((text) => text.replace(/^[\s'"]+/, ''));
}

/**
 * CATALOG.md 3.10 path values: absolute (`/x`), home (`~`, `~user`), response file (`@file`), any
 * backslash, a scheme or drive prefix (`file:`, `https:`, `C:`), or a relative path that still
 * climbs above its start after normalisation (`..`, `a/../../x`). `a/b`, `a/../b` and non-path
 * values (`TestFoo`, `x and y`) pass.
 */
export function namesOutsidePath(item: string): boolean {
  return valueCandidates(item).some(
    (value) =>
      value.startsWith('/') ||
      value.startsWith('~') ||
      value.startsWith('@') ||
      value.includes('\\') ||
      /^[A-Za-z][A-Za-z0-9+.-]*:/.test(value) ||
      climbsOut(value),
  );
}

/**
 * CATALOG.md 3.10, second half of the path-value rule: a relative value that leads out of the
 * workspace through a symlink already there (`-coverprofile=link/x` with `link -> /etc`, e.g. from a
 * cloned repository) is refused too. Values that merely fall outside `allowed_paths` pass: programs
 * run from the workspace root whatever `allowed_paths` says.
 * @throws AppException `invalid_argument` `extra_args item names a path outside the workspace: <item>`
 */
export async function assertExtraArgsContained(
  workspace: WorkspaceRuntime,
  items: readonly string[],
): Promise<void> {
  for (const item of items) {
    for (const value of valueCandidates(item)) {
      if (value === '') {
        continue;
      }
      try {
        await workspace.resolve(value);
      } catch (error) {
        if (
          error instanceof AppException &&
          error.code === 'policy_denied' &&
          error.message === PATH_ESCAPES
        ) {
          throw new AppException(
            'invalid_argument',
            `extra_args item names a path outside the workspace: ${item}`,
            {
              cause: error,
            },
          );
        }
        if (!(error instanceof AppException)) {
          throw error;
        }
      }
    }
  }
}

function climbsOut(value: string): boolean {
  const normalised = posix.normalize(value);
  return normalised === '..' || normalised.startsWith('../');
}

function notAllowed(item: string): AppException {
  return new AppException('invalid_argument', `extra_args item not allowed: ${item}`);
}
