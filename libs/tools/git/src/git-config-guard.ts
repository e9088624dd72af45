import { AppException } from '#app/errors';

/** A `-c`-equivalent setting passed through `GIT_CONFIG_COUNT`/`GIT_CONFIG_KEY_n`/`GIT_CONFIG_VALUE_n`. */
export type GitConfigEntry = readonly [key: string, value: string];

/** Transports git may use: everything else (`ext::`, `fd::`, any `git-remote-<name>` helper) is off. */
export const ALLOWED_PROTOCOLS: readonly string[] = Object.freeze([
  'https',
  'http',
  'ssh',
  'git',
  'file',
]);

/**
 * Settings forced on every call: no signing or signature checks (they run `gpg.program`), no
 * submodule recursion (submodules carry their own config), only the transports of
 * {@link ALLOWED_PROTOCOLS} (`ext::` and `fd::` run or wire up commands; `remote.<name>.vcs` and
 * `url.<base>.insteadOf` reach a helper only through a transport name, so this covers them too).
 */
export const FIXED_GIT_CONFIG: readonly GitConfigEntry[] = Object.freeze([
  ['protocol.allow', 'never'],
  ...ALLOWED_PROTOCOLS.map((name): GitConfigEntry => [`protocol.${name}.allow`, 'always']),
  ['protocol.ext.allow', 'never'],
  ['protocol.fd.allow', 'never'],
  ['core.askPass', ''],
  ['commit.gpgSign', 'false'],
  ['tag.gpgSign', 'false'],
  ['push.gpgSign', 'false'],
  ['log.showSignature', 'false'],
  ['merge.verifySignatures', 'false'],
  ['submodule.recurse', 'false'],
  ['fetch.recurseSubmodules', 'false'],
] as const);

/**
 * Repository-level keys whose value git runs as a command, or that widen what git may run or read
 * (`protocol.*.allow`, `include.path`). The repository config lives in the workspace, so callers
 * can write it (fs.write_file on `.git/config`, a patch); operator (global) config is trusted and
 * left alone. Keys git reads but where an environment variable or a command-line option always
 * wins (`core.pager`/`pager.*` → `--no-pager`/`GIT_PAGER`, `core.editor` → `GIT_EDITOR`,
 * `sequence.editor` → `GIT_SEQUENCE_EDITOR`, `core.gitProxy` → `GIT_PROXY_COMMAND`,
 * `core.askPass` → `GIT_ASKPASS`, `remote.*.uploadpack|receivepack` → `--upload-pack`/
 * `--receive-pack`, `diff.external`/`*.textconv` in diff/show/log → `--no-ext-diff`/
 * `--no-textconv`, `core.hooksPath`/`core.fsmonitor` → `-c`) are matched too, as a second line.
 */
export const COMMAND_KEYS_PATTERN =
  '^(filter\\..+\\.(clean|smudge|process)|diff\\..+\\.(textconv|command)|diff\\.external|' +
  'merge\\..+\\.driver|remote\\..+\\.(uploadpack|receivepack)|gpg\\.(.+\\.)?program|' +
  'gpg\\.ssh\\.defaultkeycommand|trailer\\..+\\.(command|cmd)|(difftool|mergetool)\\..+\\.cmd|' +
  'submodule\\..+\\.update|core\\.(sshcommand|gitproxy|askpass|alternaterefscommand|editor|pager)|' +
  'sequence\\.editor|pager\\..+|credential\\.(.+\\.)?helper|protocol\\.(.+\\.)?allow|' +
  'include\\.path|includeif\\..+\\.path)$';

const REPOSITORY_SCOPES = new Set(['local', 'worktree']);

/**
 * Overrides that neutralise every command-valued key found in repository scope, from the output of
 * `git config --null --show-scope --get-regexp <COMMAND_KEYS_PATTERN>` (`scope\0key\nvalue\0`).
 * An empty command is never run (git fails the operation instead), so the overrides fail closed.
 * @throws AppException `policy_denied` when the repository config includes another config file:
 * git would read a file we cannot vet (possibly outside the workspace) on every run.
 */
export function neutralisingConfig(probeOutput: string): GitConfigEntry[] {
  const entries = new Map<string, string>();
  const fields = probeOutput.split('\0');
  for (let index = 0; index + 1 < fields.length; index += 2) {
    const scope = fields[index];
    const key = fields[index + 1].split('\n', 1)[0];
    if (REPOSITORY_SCOPES.has(scope)) {
      for (const [name, value] of overridesFor(key)) {
        entries.set(name, value);
      }
    }
  }
  return [...entries];
}

function overridesFor(key: string): GitConfigEntry[] {
  const lower = key.toLowerCase();
  if (lower === 'include.path' || lower.startsWith('includeif.')) {
    throw new AppException('policy_denied', `repository config key not allowed: ${key}`);
  }
  if (lower.startsWith('filter.')) {
    const driver = key.slice(0, key.lastIndexOf('.'));
    return [
      [`${driver}.clean`, ''],
      [`${driver}.smudge`, ''],
      [`${driver}.process`, ''],
      [`${driver}.required`, 'false'],
    ];
  }
  if (lower.startsWith('protocol.')) {
    // The repository may not widen the transports: its protocol.<name>.allow would beat ours.
    const name = lower.slice('protocol.'.length, -'.allow'.length);
    return lower === 'protocol.allow' || !ALLOWED_PROTOCOLS.includes(name) ? [[key, 'never']] : [];
  }
  if (lower.startsWith('remote.') && lower.endsWith('.uploadpack')) {
    return [[key, 'git-upload-pack']];
  }
  if (lower.startsWith('remote.') && lower.endsWith('.receivepack')) {
    return [[key, 'git-receive-pack']];
  }
  if (lower.startsWith('credential.')) {
    // An empty helper resets the whole list, operator helpers included: fail closed.
    return [['credential.helper', '']];
  }
  if (lower === 'core.sshcommand') {
    return [[key, 'ssh']];
  }
  if (lower.startsWith('submodule.')) {
    return [[key, 'none']];
  }
  if (lower === 'core.gitproxy') {
    // Multi-valued, first match wins and repository config precedes ours: GIT_PROXY_COMMAND=''
    // (always set, see gitEnvironment) makes git skip every core.gitProxy entry.
    return [];
  }
  return [[key, '']];
}
