/**
 * The two halves of a kubernetes fork's workspace copy (API.md 5.16): ARCHIVE runs in the source
 * pod and writes a tar stream of its workspace to stdout; EXTRACT runs in the new pod and unpacks
 * that stream from stdin. Both are fixed POSIX sh text; the workdir is `$1`, only ever expanded
 * inside double quotes. They need `find`, `readlink -f` and `tar` in the runner image (GNU tar:
 * the runner-images/ profiles; a BusyBox tar must be built with `-T`, FEATURE_TAR_FROM — Debian's
 * busybox is not, and the archive then fails with `tar: invalid option -- 'T'`). The extraction
 * side was also run with BusyBox 1.35: same result, except that it strips a `..` prefix from a
 * member name (the member lands inside) where GNU tar refuses the member.
 *
 * The copy rules of API.md 8.3 rule 1 are applied on both sides:
 * - ARCHIVE lists what may be copied — directories, regular files, and symlinks that resolve
 *   (`readlink -f`, every hop) to an existing path inside the workspace; not symlinks leading out,
 *   dangling ones, devices, sockets, FIFOs, nor names containing a newline (the list is one name a
 *   line) — and archives exactly that list (`--no-recursion`: a listed directory does not pull in
 *   its unlisted children). GNU tar reads the names verbatim (`--no-unquote`: a `\` in a name is
 *   not an escape). Any failure of the listing (an unreadable directory) fails the copy rather than
 *   silently copying less: the list is built first, under `set -e`, then handed to tar.
 * - EXTRACT trusts nothing in the stream (the source workspace is agent-written, and may change
 *   between the listing and tar reading it): `tar -x` without `-P`, so GNU tar strips a leading `/`
 *   and refuses members with `..` (the copy then fails); symlinks whose text is absolute or has
 *   `..` are created only once every member is written (GNU tar's placeholder rule), so no member
 *   is written through one; `--no-same-owner` (files belong to the runner user even if the
 *   extracting process is root); `-p` keeps the archived modes exactly (no umask). Afterwards
 *   everything the rules exclude is removed again — anything not a directory, regular file or
 *   symlink, then, until a pass removes nothing (removing one link can leave another dangling),
 *   every symlink that does not resolve to an existing path inside the workspace — before the
 *   fork is handed out.
 */
export const ARCHIVE_SCRIPT = `set -eu
cd -P -- "$1"
root=$(pwd -P)
nl='
'
list=$(
  find . -mindepth 1 -name "*$nl*" -prune -o \\( -type d -o -type f \\) -print &&
  find . -mindepth 1 -name "*$nl*" -prune -o -type l -exec sh -c '
    root=$1; shift
    for link do
      [ -e "$link" ] || continue
      target=$(readlink -f -- "$link") || continue
      case $target in "$root"|"$root"/*) printf "%s\\n" "$link";; esac
    done' sh "$root" {} +
)
verbatim=
if tar --version 2>/dev/null | grep -q 'GNU tar'; then verbatim=--no-unquote; fi
if [ -z "$list" ]; then
  exec tar -c -f - --no-recursion -T /dev/null
fi
printf '%s\\n' "$list" | tar -c -f - --no-recursion $verbatim -T -
`;

export const EXTRACT_SCRIPT = `set -eu
cd -P -- "$1"
root=$(pwd -P)
tar -x -p --no-same-owner -f -
find . -mindepth 1 ! -type d ! -type f ! -type l -exec rm -f -- {} +
while :; do
  removed=$(find . -mindepth 1 -type l -exec sh -c '
    root=$1; shift
    for link do
      if [ -e "$link" ]; then
        target=$(readlink -f -- "$link") || target=
        case $target in "$root"|"$root"/*) continue;; esac
      fi
      rm -f -- "$link"
      echo x
    done' sh "$root" {} +)
  [ -n "$removed" ] || break
done
`;

/** `sh -c ARCHIVE_SCRIPT sh <workdir>`: run in the source pod, stdout is the tar stream. */
export function archiveCommand(workdir: string): string[] {
  return ['sh', '-c', ARCHIVE_SCRIPT, 'sh', workdir];
}

/** `sh -c EXTRACT_SCRIPT sh <workdir>`: run in the new pod, the tar stream on stdin. */
export function extractCommand(workdir: string): string[] {
  return ['sh', '-c', EXTRACT_SCRIPT, 'sh', workdir];
}
