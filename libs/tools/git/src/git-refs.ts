import { AppException } from '#app/errors';
import type { GitCommand } from './git-command.js';

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
export function assertRemoteAllowed(
  metadata: Readonly<Record<string, string>>,
  remote: string,
): void {
  const items = allowlist(metadata, 'allowed_git_remotes');
  if (items !== null && !items.includes(remote)) {
    throw new AppException('policy_denied', 'remote outside allowlist');
  }
}

type Metadata = Readonly<Record<string, string>>;
type RefField = 'ref' | 'start_point' | 'base';

// Revision syntax (`main~1`, `@{-1}`, `a..b`, `x^{tree}`, `:/text`) and names git resolves outside
// `refs/` (FETCH_HEAD, ORIG_HEAD, ...): a prefix cannot vouch for what they resolve to.
const REVISION_SYNTAX = /\.\.|@\{|[~^:?*[\\]|\/\/|\/\.|^\/|\/$|\.lock$|\.$|^@$/;
const ROOT_REF = /^[A-Z][A-Z0-9_]*$/;

/**
 * CATALOG.md 5 `allowed_git_ref_prefixes` on the full ref names git will actually resolve or write,
 * for one invocation. Items that start with `refs/` are full-name prefixes; a short item `x` covers
 * `refs/heads/x…`, `refs/tags/x…` and `refs/remotes/x…`. A value that starts with `refs/` is checked
 * as given; a short one is expanded the way git does (every existing local match must pass: a branch
 * and a tag of one name are both checked). `HEAD` always passes. With no list everything passes.
 */
export class RefPolicy {
  private readonly items: string[] | null;

  constructor(
    metadata: Metadata,
    private readonly git: GitCommand,
  ) {
    this.items = allowlist(metadata, 'allowed_git_ref_prefixes');
  }

  get restricted(): boolean {
    return this.items !== null;
  }

  /**
   * A ref git reads locally (checkout target, start point, log/show/diff revision), optionally
   * followed by `~n`/`^n` ancestry steps.
   * @throws AppException `policy_denied` `<field> outside allowlist`
   */
  async assertLocalRef(field: RefField, value: string): Promise<void> {
    // `main~2`, `main^`: ancestors of a ref are read through that ref.
    const base = value.replace(/(~\d*|\^\d*)+$/, '');
    if (this.items === null || base === 'HEAD') {
      return;
    }
    const names = base === '' ? null : await this.localNames(base);
    if (names === null || !names.every((name) => this.passes(name))) {
      throw new AppException('policy_denied', `${field} outside allowlist`);
    }
  }

  /**
   * Options a restricted fetch/pull adds so git writes nothing beyond the checked refspec: no tag
   * auto-following, no opportunistic remote-tracking update. `--tags` writes every tag.
   * @throws AppException `policy_denied` `refspec outside allowlist` for `--tags` unless all tags pass
   */
  fetchOptions(tags: boolean): string[] {
    if (this.items === null) {
      return [];
    }
    if (tags && !this.passes('refs/tags/')) {
      throw new AppException('policy_denied', 'refspec outside allowlist');
    }
    return tags ? ['--refmap='] : ['--no-tags', '--refmap='];
  }

  /** `git pull` moves the current branch: it must pass too. */
  async assertCurrentBranch(): Promise<void> {
    if (this.items === null) {
      return;
    }
    const names = await this.localNames('HEAD');
    if (names === null || names.length !== 1 || !this.passes(names[0])) {
      throw new AppException('policy_denied', 'ref outside allowlist');
    }
  }

  /** `git checkout -b <name>` writes `refs/heads/<name>` whatever the name looks like. */
  assertNewBranch(value: string): void {
    if (
      this.items !== null &&
      (REVISION_SYNTAX.test(value) || !this.passes(`refs/heads/${value}`))
    ) {
      throw new AppException('policy_denied', 'ref outside allowlist');
    }
  }

  /**
   * Checks a fetch/pull/push refspec and returns the refspec to run, with every short name on the
   * far side of a push and on either side of a fetch replaced by the full name that was checked,
   * so git cannot resolve it to anything else (a tag of the same name on the remote, say).
   * @throws AppException `policy_denied` `refspec outside allowlist` (also for an omitted refspec
   * when the list is set: git would then use configured refspecs nobody checked)
   */
  async refspec(kind: 'fetch' | 'push', refspec: string | undefined): Promise<string | undefined> {
    if (this.items === null) {
      return refspec;
    }
    const denied = new AppException('policy_denied', 'refspec outside allowlist');
    if (refspec === undefined) {
      throw denied;
    }
    const force = refspec.startsWith('+') ? '+' : '';
    const body = force === '' ? refspec : refspec.slice(1);
    const colon = body.indexOf(':');
    const src = colon === -1 ? body : body.slice(0, colon);
    const dst = colon === -1 ? undefined : body.slice(colon + 1);
    if (
      [src, dst ?? ''].some((side) => side !== '' && side !== 'HEAD' && REVISION_SYNTAX.test(side))
    ) {
      throw denied;
    }
    const checked = kind === 'push' ? await this.pushSides(src, dst) : fetchSides(src, dst);
    if (checked === null || !checked.names.every((name) => this.passes(name))) {
      throw denied;
    }
    return `${force}${checked.refspec}`;
  }

  private async pushSides(src: string, dst: string | undefined): Promise<Checked | null> {
    const sources = src === '' ? [] : await this.localNames(src);
    if (sources === null) {
      return null;
    }
    // The far side: as given when full; else the kind of the source decides (git's own rule).
    const kind =
      sources.length === 1 && sources[0].startsWith('refs/tags/') ? 'refs/tags/' : 'refs/heads/';
    if (dst === undefined) {
      if (sources.length !== 1) {
        return null;
      }
      return { names: sources, refspec: `${src}:${sources[0]}` };
    }
    const target = dst.startsWith('refs/') ? dst : `${kind}${dst}`;
    return { names: [...sources, target], refspec: `${src}:${target}` };
  }

  /** Full names of `value` in this repository (git's DWIM order); `null` when not a plain ref. */
  private async localNames(value: string): Promise<string[] | null> {
    if (value === 'HEAD') {
      const head = await this.git.run(['symbolic-ref', '-q', 'HEAD'], { log: false });
      return head.exit_code === 0 ? [head.output.trim()] : [];
    }
    if (REVISION_SYNTAX.test(value) || ROOT_REF.test(value)) {
      return null;
    }
    if (value.startsWith('refs/')) {
      return [value];
    }
    const candidates = [
      `refs/${value}`,
      `refs/tags/${value}`,
      `refs/heads/${value}`,
      `refs/remotes/${value}`,
      `refs/remotes/${value}/HEAD`,
    ];
    const listed = await this.git.run(
      ['for-each-ref', '--format=%(refname)', '--', ...candidates],
      { log: false },
    );
    if (listed.exit_code !== 0 || listed.truncated) {
      return null;
    }
    const existing = listed.output.split('\n').filter((name) => candidates.includes(name));
    // Nothing of that name yet: git would create (or fail on) the branch.
    return existing.length > 0 ? existing : [`refs/heads/${value}`];
  }

  private passes(fullName: string): boolean {
    return (this.items ?? []).some((item) =>
      item.startsWith('refs/')
        ? fullName.startsWith(item)
        : ['refs/heads/', 'refs/tags/', 'refs/remotes/'].some((prefix) =>
            fullName.startsWith(prefix + item),
          ),
    );
  }
}

interface Checked {
  names: string[];
  refspec: string;
}

/**
 * A fetch source names a ref on the remote (we cannot list it here): short means a branch. A fetch
 * destination follows git's local rule (`heads/x`, `tags/x`, `remotes/x` → `refs/…`; else
 * `refs/heads/x`).
 */
function fetchSides(src: string, dst: string | undefined): Checked | null {
  if (src === '' || src === 'HEAD') {
    return src === ''
      ? null
      : { names: [], refspec: dst === undefined ? src : `${src}:${localDestination(dst)}` };
  }
  if (ROOT_REF.test(src)) {
    return null;
  }
  const source = src.startsWith('refs/') ? src : `refs/heads/${src}`;
  if (dst === undefined || dst === '') {
    return { names: [source], refspec: source };
  }
  const target = localDestination(dst);
  return { names: [source, target], refspec: `${source}:${target}` };
}

function localDestination(dst: string): string {
  if (dst.startsWith('refs/')) {
    return dst;
  }
  return /^(heads|tags|remotes)\//.test(dst) ? `refs/${dst}` : `refs/heads/${dst}`;
}

/**
 * Shared preamble of `git.push`, `git.fetch` and `git.pull`: safety first (`invalid_argument`),
 * then the remote allowlist (`policy_denied`). Ref prefixes are checked by {@link RefPolicy}.
 */
export function checkRemoteAndRefspec(
  metadata: Metadata,
  remote: string,
  refspec: string | undefined,
): void {
  assertSafeRef('remote', remote);
  if (refspec !== undefined) {
    assertSafeRefspec(refspec);
  }
  assertRemoteAllowed(metadata, remote);
}
