/**
 * POSIX shell scripts the kubernetes runtime runs in the pod (CATALOG.md 4). Each is fixed text:
 * paths and options arrive as positional parameters and are only expanded inside double quotes. The
 * first parameter is always the workdir, shifted off by the prelude: the numbers below count after it. A refusal is printed as one `__WS_ERROR__ <code> <message>` line
 * and exit status 97.
 *
 * `ws_locate` is the real-path walk of API.md 7.4 step 5, done inside the pod: every existing
 * symlink on the way is followed (link text joins the remaining segments, at most 40 hops), missing
 * segments are appended lexically, and the result must stay under the workdir's physical path.
 */
export const ERROR_MARKER = '__WS_ERROR__';
export const ERROR_EXIT = 97;
/**
 * `__WS_ENGINE__ rg|grep`: which program's lines follow in the search output (a failed rg run is
 * followed by grep's; only the lines after the last marker count).
 */
export const SEARCH_ENGINE_MARKER = '__WS_ENGINE__';

const PRELUDE = `
ws_fail() { printf '\\n${ERROR_MARKER} %s %s\\n' "$1" "$2"; exit ${ERROR_EXIT}; }
WS_ROOT=$(cd -P -- "$1" 2>/dev/null && pwd -P) || ws_fail not_found 'workspace directory not found'
shift
ws_inside() { case $1 in "$WS_ROOT"|"$WS_ROOT"/*) return 0;; esac; return 1; }
ws_follow() {
  WS_CUR=$1; _rest=$2
  while [ -n "$_rest" ]; do
    case $_rest in */*) _seg=\${_rest%%/*}; _rest=\${_rest#*/};; *) _seg=$_rest; _rest=;; esac
    case $_seg in
      ''|.) continue;;
      ..) WS_CUR=\${WS_CUR%/*}; [ -n "$WS_CUR" ] || WS_CUR=/; continue;;
    esac
    if [ "$WS_CUR" = / ]; then _cand=/$_seg; else _cand=$WS_CUR/$_seg; fi
    if [ -L "$_cand" ]; then
      WS_HOPS=$((WS_HOPS + 1))
      [ "$WS_HOPS" -le 40 ] || ws_fail policy_denied 'path escapes workspace'
      _t=$(readlink "$_cand")
      case $_t in /*) WS_CUR=/;; esac
      if [ -n "$_rest" ]; then _rest=$_t/$_rest; else _rest=$_t; fi
    else
      WS_CUR=$_cand
    fi
  done
}
ws_locate() {
  WS_HOPS=0
  if [ "$1" = . ]; then WS_REAL=$WS_ROOT; WS_ENTRY=$WS_ROOT; return 0; fi
  case $1 in */*) _dir=\${1%/*};; *) _dir=.;; esac
  _name=\${1##*/}
  ws_follow "$WS_ROOT" "$_dir"; _parent=$WS_CUR
  ws_inside "$_parent" || ws_fail policy_denied 'path escapes workspace'
  ws_follow "$_parent" "$_name"; WS_REAL=$WS_CUR
  ws_inside "$WS_REAL" || ws_fail policy_denied 'path escapes workspace'
  WS_ENTRY=$_parent/$_name
}
ws_exists() { [ -e "$1" ] || [ -L "$1" ]; }
ws_stat() { stat -c '%F|%s|%a|%Y|%n' -- "$@" 2>/dev/null || stat -f '%HT|%z|%Lp|%m|%N' -- "$@"; }
ws_mkparents() {
  _p=\${1%/*}
  if [ -d "$_p" ]; then return 0; fi
  if ws_exists "$_p"; then ws_fail invalid_argument 'parent path is not a directory'; fi
  [ "$2" = true ] || ws_fail not_found 'parent directory not found'
  mkdir -p -m 0755 -- "$_p" || ws_fail internal 'cannot create parent directories'
  _chk=$(cd -P -- "$_p" && pwd -P); ws_inside "$_chk" || ws_fail policy_denied 'path escapes workspace'
}
`;

const script = (body: string): string => `${PRELUDE}${body}`;

/** $1 = relative path → nothing (containment checked). */
export const RESOLVE_SCRIPT = script(`ws_locate "$1"`);

/** $1 = path → one stat line, or `MISSING`. */
export const STAT_SCRIPT = script(`ws_locate "$1"
if ws_exists "$WS_ENTRY"; then ws_stat "$WS_ENTRY"; else echo MISSING; fi`);

/** $1 = path, $2 = recursive → `SELF <stat>` or `DIR <real>` then one stat line per entry. */
export const LIST_SCRIPT = script(`ws_locate "$1"
ws_exists "$WS_ENTRY" || ws_fail not_found "path not found: $1"
if [ -d "$WS_REAL" ]; then
  echo "DIR $WS_REAL"
  if [ "$2" = true ]; then
    find "$WS_REAL" -mindepth 1 -exec stat -c '%F|%s|%a|%Y|%n' {} + 2>/dev/null || find "$WS_REAL" -mindepth 1 -exec stat -f '%HT|%z|%Lp|%m|%N' {} +
  else
    find "$WS_REAL" -mindepth 1 -maxdepth 1 -exec stat -c '%F|%s|%a|%Y|%n' {} + 2>/dev/null || find "$WS_REAL" -mindepth 1 -maxdepth 1 -exec stat -f '%HT|%z|%Lp|%m|%N' {} +
  fi
else
  printf 'SELF '; ws_stat "$WS_ENTRY"
fi`);

/** $1 = path, $2 = recursive → `DIR <real>` or `FILE`, then `<size>|<path>` per regular file. */
export const LIST_FILES_SCRIPT = script(`ws_locate "$1"
[ -e "$WS_REAL" ] || ws_fail not_found "path not found: $1"
if [ -f "$WS_REAL" ]; then echo FILE; stat -c '%s|%n' -- "$WS_REAL" 2>/dev/null || stat -f '%z|%N' -- "$WS_REAL"; exit 0; fi
[ -d "$WS_REAL" ] || exit 0
echo "DIR $WS_REAL"
if [ "$2" = true ]; then depth=; else depth='-maxdepth 1'; fi
find "$WS_REAL" -mindepth 1 $depth -name .git -prune -o -type f -exec stat -c '%s|%n' {} + 2>/dev/null || find "$WS_REAL" -mindepth 1 $depth -name .git -prune -o -type f -exec stat -f '%z|%N' {} +`);

/** $1 = path, $2 = max bytes → `<size>` line then base64 of the first bytes. */
export const READ_FILE_SCRIPT = script(`ws_locate "$1"
ws_exists "$WS_REAL" || ws_fail not_found "path not found: $1"
[ -d "$WS_REAL" ] && ws_fail invalid_argument 'path is a directory'
[ -f "$WS_REAL" ] || ws_fail invalid_argument 'path is not a regular file'
stat -c '%s' -- "$WS_REAL" 2>/dev/null || stat -f '%z' -- "$WS_REAL"
head -c "$2" -- "$WS_REAL" | base64`);

/** $1 = path, $2 = create parents; the bytes arrive on stdin. */
export const WRITE_FILE_SCRIPT = script(`ws_locate "$1"
[ -d "$WS_REAL" ] && ws_fail invalid_argument 'path is a directory'
ws_mkparents "$WS_REAL" "$2"
umask 022
cat > "$WS_REAL" || ws_fail internal 'write failed'`);

/** $1 = path, $2 = create parents, $3 = octal mode → `CREATED` or `EXISTED`. */
export const MKDIR_SCRIPT = script(`ws_locate "$1"
if [ -d "$WS_REAL" ]; then echo EXISTED; exit 0; fi
ws_exists "$WS_REAL" && ws_fail invalid_argument 'path exists and is not a directory'
ws_mkparents "$WS_REAL" "$2"
mkdir -- "$WS_REAL" || ws_fail internal 'mkdir failed'
chmod "$3" -- "$WS_REAL"
echo CREATED`);

/** $1 = source, $2 = destination, $3 = overwrite, $4 = create parents, $5 = mode (move|copy), $6 = recursive. */
export const TRANSFER_SCRIPT = script(`ws_locate "$1"; src=$WS_ENTRY
[ "$src" = "$WS_ROOT" ] && [ "$5" = move ] && ws_fail policy_denied 'refusing to move workspace root'
ws_exists "$src" || ws_fail not_found "path not found: $1"
ws_locate "$2"; dst=$WS_ENTRY
if [ "$5" = move ] && [ "$src" = "$dst" ]; then echo SAME; exit 0; fi
if [ "$5" = copy ]; then
  [ -d "$src" ] && [ ! -L "$src" ] && [ "$6" != true ] && ws_fail invalid_argument 'recursive is required to copy a directory'
  if [ -L "$src" ] || [ -n "$(find "$src" -type l 2>/dev/null | head -n 1)" ]; then ws_fail invalid_argument 'symlinks are not copied'; fi
  [ "$src" = "$dst" ] && ws_fail invalid_argument 'source and destination are the same'
fi
case $dst in "$src"/*) ws_fail invalid_argument 'destination is inside the source directory';; esac
[ "$dst" = "$WS_ROOT" ] && ws_fail policy_denied 'refusing to replace workspace root'
if ws_exists "$dst"; then
  [ "$3" = true ] || ws_fail invalid_argument 'destination exists'
  case $src in "$dst"/*) ws_fail invalid_argument 'destination contains the source';; esac
  rm -rf -- "$dst"
fi
ws_mkparents "$dst" "$4"
if [ "$5" = move ]; then mv -- "$src" "$dst" || ws_fail internal 'move failed'; echo MOVED; exit 0; fi
if [ -d "$src" ]; then cp -Rp -- "$src" "$dst" || ws_fail internal 'copy failed'; echo DIR; else cp -p -- "$src" "$dst" || ws_fail internal 'copy failed'; echo FILE; fi`);

/** $1 = path, $2 = recursive. */
export const REMOVE_SCRIPT = script(`ws_locate "$1"
[ "$WS_ENTRY" = "$WS_ROOT" ] && ws_fail policy_denied 'refusing to delete workspace root'
ws_exists "$WS_ENTRY" || ws_fail not_found "path not found: $1"
if [ -d "$WS_ENTRY" ] && [ ! -L "$WS_ENTRY" ]; then
  [ "$2" = true ] || ws_fail invalid_argument 'recursive is required to delete a directory'
  rm -rf -- "$WS_ENTRY"
else
  rm -f -- "$WS_ENTRY"
fi`);

/** $1 = path, $2 = pattern → `DIR <real>` or `FILE <real>`, then grep lines (exit 1 = no match). */
export const SEARCH_SCRIPT = script(`ws_locate "$1"
[ -e "$WS_REAL" ] || ws_fail not_found "path not found: $1"
if [ -d "$WS_REAL" ]; then echo "DIR $WS_REAL"; else echo "FILE $WS_REAL"; fi
ws_rg() {
  rg --no-config --with-filename --line-number --no-heading --null --color never --no-messages \\
    --no-ignore --hidden --glob '!.git/' --encoding none "$@" -- "$WS_REAL"
}
if [ -n "$3" ] && command -v rg >/dev/null 2>&1; then
  echo "${SEARCH_ENGINE_MARKER} rg"
  if [ -n "$4" ]; then ws_rg --regexp "$3" --regexp "$4"; else ws_rg --regexp "$3"; fi
  status=$?
  [ "$status" -le 1 ] && exit 0
fi
echo "${SEARCH_ENGINE_MARKER} grep"
grep -r -H -n -I -E --exclude-dir=.git -- "$2" "$WS_REAL"
status=$?
[ "$status" -le 1 ] && exit 0
exit "$status"`);
