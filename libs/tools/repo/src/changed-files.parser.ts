export type ChangeStatus =
  'added' | 'deleted' | 'renamed' | 'copied' | 'conflict' | 'modified' | 'untracked' | 'changed';

export type ChangedFile = {
  path: string;
  status: ChangeStatus;
  index_status: string;
  worktree_status: string;
  staged: boolean;
  unstaged: boolean;
  untracked: boolean;
  deleted: boolean;
  renamed_from?: string;
};

export type ChangeFormat = 'porcelain' | 'name_status';

const NAME_STATUS_LINE = /^[A-Z][0-9]*\t/;
const PORCELAIN_LINE = /^[ MTADRCU?!]{2} /;

/** Tab-separated name-status lines versus porcelain `XY path` lines. */
export function detectChangeFormat(text: string): ChangeFormat {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  return lines.some((line) => NAME_STATUS_LINE.test(line)) &&
    !lines.some((line) => PORCELAIN_LINE.test(line))
    ? 'name_status'
    : 'porcelain';
}

function statusOf(x: string, y: string): ChangeStatus {
  const pair = `${x}${y}`;
  if (pair === '??') {
    return 'untracked';
  }
  if (x === 'U' || y === 'U' || pair === 'AA' || pair === 'DD') {
    return 'conflict';
  }
  const letters = [x, y];
  const order: Array<[string, ChangeStatus]> = [
    ['R', 'renamed'],
    ['C', 'copied'],
    ['A', 'added'],
    ['D', 'deleted'],
    ['M', 'modified'],
  ];
  return order.find(([letter]) => letters.includes(letter))?.[1] ?? 'changed';
}

function entry(path: string, x: string, y: string, renamedFrom?: string): ChangedFile {
  return {
    path,
    status: statusOf(x, y),
    index_status: x,
    worktree_status: y,
    staged: x !== ' ' && x !== '?' && x !== '',
    unstaged: y !== ' ' && y !== '?' && y !== '',
    untracked: x === '?' && y === '?',
    deleted: x === 'D' || y === 'D',
    ...(renamedFrom === undefined ? {} : { renamed_from: renamedFrom }),
  };
}

/** Git quotes paths with unusual characters C-style (`"a\tb"`); undo that. */
export function unquotePath(raw: string): string {
  if (!(raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2)) {
    return raw;
  }
  const bytes: number[] = [];
  const body = raw.slice(1, -1);
  const escapes: Record<string, number> = {
    n: 10,
    t: 9,
    r: 13,
    '"': 34,
    '\\': 92,
    a: 7,
    b: 8,
    f: 12,
    v: 11,
  };
  for (let index = 0; index < body.length; index += 1) {
    const char = body[index];
    if (char !== '\\') {
      bytes.push(...Buffer.from(char, 'utf8'));
      continue;
    }
    const next = body[index + 1] ?? '';
    const octal = /^[0-7]{3}/.exec(body.slice(index + 1));
    if (octal) {
      bytes.push(Number.parseInt(octal[0], 8));
      index += 3;
    } else {
      bytes.push(escapes[next] ?? next.charCodeAt(0));
      index += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** `git status --porcelain=v1` lines: `XY path` or `XY orig -> path`; ignored (`!!`) entries skipped. */
export function parsePorcelain(text: string): ChangedFile[] {
  const files: ChangedFile[] = [];
  for (const line of text.split('\n')) {
    if (!PORCELAIN_LINE.test(line) || line.startsWith('!!')) {
      continue;
    }
    const x = line[0];
    const y = line[1];
    const rest = line.slice(3).replace(/\r$/, '');
    const arrow = x === 'R' || x === 'C' || y === 'R' || y === 'C' ? rest.indexOf(' -> ') : -1;
    files.push(
      arrow === -1
        ? entry(unquotePath(rest), x, y)
        : entry(unquotePath(rest.slice(arrow + 4)), x, y, unquotePath(rest.slice(0, arrow))),
    );
  }
  return files;
}

/** `git diff --name-status` lines: `M\tpath`, `R100\told\tnew`; the worktree column is empty. */
export function parseNameStatus(text: string): ChangedFile[] {
  const files: ChangedFile[] = [];
  for (const line of text.split('\n')) {
    if (!NAME_STATUS_LINE.test(line)) {
      continue;
    }
    const [code = '', first = '', second] = line.replace(/\r$/, '').split('\t');
    const letter = code[0];
    files.push(
      second === undefined
        ? entry(unquotePath(first), letter, '')
        : entry(unquotePath(second), letter, '', unquotePath(first)),
    );
  }
  return files;
}
