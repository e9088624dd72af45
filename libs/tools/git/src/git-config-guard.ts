/** A `-c`-equivalent setting passed through `GIT_CONFIG_COUNT`/`GIT_CONFIG_KEY_n`/`GIT_CONFIG_VALUE_n`. */
export type GitConfigEntry = readonly [key: string, value: string];

/**
 * Settings forced on every call: no signing or signature checks (they run `gpg.program`), no
 * submodule recursion (submodules carry their own config), no `ext::` transport (runs a command).
 */
export const FIXED_GIT_CONFIG: readonly GitConfigEntry[] = Object.freeze([
  ['protocol.ext.allow', 'never'],
  ['commit.gpgSign', 'false'],
  ['tag.gpgSign', 'false'],
  ['push.gpgSign', 'false'],
  ['log.showSignature', 'false'],
  ['merge.verifySignatures', 'false'],
  ['submodule.recurse', 'false'],
  ['fetch.recurseSubmodules', 'false'],
] as const);

/**
 * Repository-level keys whose value git runs as a command. The repository config lives in the
 * workspace, so callers can write it (fs.write_file on `.git/config`); operator (global) config is
 * trusted and left alone.
 */
export const COMMAND_KEYS_PATTERN =
  '^(filter\\..+\\.(clean|smudge|process)|diff\\..+\\.(textconv|command)|diff\\.external|' +
  'merge\\..+\\.driver|remote\\..+\\.(uploadpack|receivepack)|gpg\\.(.+\\.)?program|' +
  'core\\.(sshcommand|gitproxy|askpass|alternaterefscommand)|credential\\.(.+\\.)?helper)$';

const REPOSITORY_SCOPES = new Set(['local', 'worktree']);

/**
 * Overrides that neutralise every command-valued key found in repository scope, from the output of
 * `git config --null --show-scope --get-regexp <COMMAND_KEYS_PATTERN>` (`scope\0key\nvalue\0`).
 * An empty command is never run (git fails the operation instead), so the overrides fail closed.
 */
export function neutralisingConfig(probeOutput: string): GitConfigEntry[] {
  const entries = new Map<string, string>();
  const fields = probeOutput.split('\0');
  for (let index = 0; index + 1 < fields.length; index += 2) {
    const scope = fields[index] as string;
    const key = (fields[index + 1] as string).split('\n', 1)[0] as string;
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
  if (lower.startsWith('filter.')) {
    const driver = key.slice(0, key.lastIndexOf('.'));
    return [
      [`${driver}.clean`, ''],
      [`${driver}.smudge`, ''],
      [`${driver}.process`, ''],
      [`${driver}.required`, 'false'],
    ];
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
  if (lower === 'core.gitproxy') {
    // The first gitProxy match wins and repository config precedes ours: disable git:// instead.
    return [['protocol.git.allow', 'never']];
  }
  return [[key, '']];
}
