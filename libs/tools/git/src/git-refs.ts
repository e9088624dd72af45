import { AppException } from '#app/errors';

// CATALOG.md 5 "Ref safety": caught here, before git sees the value, so a ref can never be read
// as an option or smuggle a second word.
const UNSAFE_REF_CHARACTERS = /[\s\u0000-\u001f\u007f]/u;

/**
 * @throws AppException `invalid_argument` when `value` starts with `-` or contains whitespace or
 * control characters.
 */
export function assertSafeRef(field: string, value: string): void {
  if (value.startsWith('-') || UNSAFE_REF_CHARACTERS.test(value)) {
    throw new AppException(
      'invalid_argument',
      `${field} must not start with "-" or contain whitespace or control characters`,
    );
  }
}

/** The non-empty sides of a refspec: split on the first `:`, a leading `+` stripped. */
export function refspecSides(refspec: string): string[] {
  const forced = refspec.startsWith('+') ? refspec.slice(1) : refspec;
  const colon = forced.indexOf(':');
  const sides = colon === -1 ? [forced] : [forced.slice(0, colon), forced.slice(colon + 1)];
  return sides.filter((side) => side !== '');
}

export function assertSafeRefspec(refspec: string): void {
  for (const side of refspecSides(refspec)) {
    assertSafeRef('refspec', side);
  }
}

/** API.md 7.6 list syntax: comma-separated, trimmed, empties dropped; `null` means "allow all". */
function allowlist(metadata: Readonly<Record<string, string>>, key: string): string[] | null {
  const items = (metadata[key] ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return items.length === 0 || items.includes('*') ? null : items;
}

/**
 * CATALOG.md 5 `allowed_git_remotes`: the remote must equal an item.
 * @throws AppException `policy_denied` `remote outside allowlist`
 */
export function assertRemoteAllowed(metadata: Readonly<Record<string, string>>, remote: string): void {
  const items = allowlist(metadata, 'allowed_git_remotes');
  if (items !== null && !items.includes(remote)) {
    throw new AppException('policy_denied', 'remote outside allowlist');
  }
}

/** A value passes when it, or its `refs/heads|tags|remotes/` form, starts with an item; `HEAD` always. */
export function isRefAllowed(metadata: Readonly<Record<string, string>>, value: string): boolean {
  const items = allowlist(metadata, 'allowed_git_ref_prefixes');
  if (items === null || value === 'HEAD') {
    return true;
  }
  const candidates = [value, `refs/heads/${value}`, `refs/tags/${value}`, `refs/remotes/${value}`];
  return candidates.some((candidate) => items.some((item) => candidate.startsWith(item)));
}

/**
 * CATALOG.md 5 `allowed_git_ref_prefixes` for a single ref argument.
 * @throws AppException `policy_denied` `<field> outside allowlist`
 */
export function assertRefAllowed(
  metadata: Readonly<Record<string, string>>,
  field: 'ref' | 'start_point',
  value: string,
): void {
  if (!isRefAllowed(metadata, value)) {
    throw new AppException('policy_denied', `${field} outside allowlist`);
  }
}

/** @throws AppException `policy_denied` `refspec outside allowlist` when either side is refused. */
export function assertRefspecAllowed(metadata: Readonly<Record<string, string>>, refspec: string): void {
  if (!refspecSides(refspec).every((side) => isRefAllowed(metadata, side))) {
    throw new AppException('policy_denied', 'refspec outside allowlist');
  }
}

/**
 * Shared preamble of `git.push`, `git.fetch` and `git.pull`: safety first (`invalid_argument`),
 * then the remote and ref allowlists (`policy_denied`).
 */
export function checkRemoteAndRefspec(
  metadata: Readonly<Record<string, string>>,
  remote: string,
  refspec: string | undefined,
): void {
  assertSafeRef('remote', remote);
  if (refspec !== undefined) {
    assertSafeRefspec(refspec);
  }
  assertRemoteAllowed(metadata, remote);
  if (refspec !== undefined) {
    assertRefspecAllowed(metadata, refspec);
  }
}
