import { AppException } from '#app/errors';
import {
  checkDiffPath,
  gitHeaderNames,
  shown,
  stripComponent,
  unquote,
} from './diff-header-names.js';

const HUNK_HEADER = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/;
const COPY_RENAME = /^(rename|copy) (from|to) (.*)$/;
const MODE_LINE = /^(new file mode|new mode|deleted file mode|old mode) ([0-7]+)\s*$/;
const INDEX_LINE = /^index [0-9a-f]+\.\.[0-9a-f]+ ([0-7]+)\s*$/;
const SYMLINK_MODE = '120000';

/** A symlink the patch leaves behind; `target` is `null` when the diff does not show it as text. */
export interface DiffSymlink {
  path: string;
  target: string | null;
}

/** What a unified diff names, read the way `git apply` (default `-p1`) reads it. */
export interface DiffPlan {
  /** Every path any header names, after git's strip level; sources and destinations alike. */
  paths: string[];
  /** Paths a `rename from` or `copy from` header reads (an existing symlink there is refused). */
  sources: string[];
  /** Paths a rename removes. */
  renameSources: string[];
  /** Paths of sections that only delete. */
  deleted: string[];
  symlinks: DiffSymlink[];
}

interface Section {
  names: string[];
  sources: Array<{ name: string; rename: boolean }>;
  newName?: string;
  mode?: string;
  oldMode?: string;
  deleted: boolean;
  binary: boolean;
  added: string[];
  hunks: number;
}

/**
 * Reads a unified diff the way `git apply -p1` does (CATALOG.md 4 fs.patch): names from
 * `diff --git`, `---`/`+++` (one leading component stripped, `/dev/null` skipped), `rename`/`copy`
 * `from`/`to` (not stripped), C-quoted names unquoted; modes, deletions, binary sections and the
 * text of symlinks the patch creates. Hunk bodies are skipped by their line counts, so a removed
 * line reading `-- x` is not taken for a header.
 * @throws AppException `invalid_argument` `invalid diff path: <p>` (absolute, `.`, a `..` segment,
 *   as written) or `diff contains no file paths`.
 */
export function parseDiff(diff: string): DiffPlan {
  const sections: Section[] = [];
  let section: Section | undefined;
  const open = (): Section => {
    section = { names: [], sources: [], deleted: false, binary: false, added: [], hunks: 0 };
    sections.push(section);
    return section;
  };
  let oldLeft = 0;
  let newLeft = 0;
  let sawNewHeader = false;
  for (const rawLine of diff.split('\n')) {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (oldLeft > 0 || newLeft > 0) {
      const kind = line.charAt(0);
      if (kind === '\\') {
        continue;
      }
      if (kind === ' ' || kind === '-' || kind === '+' || line === '') {
        oldLeft -= kind === '+' ? 0 : 1;
        newLeft -= kind === '-' ? 0 : 1;
        if (kind === '+') {
          section?.added.push(line.slice(1));
        }
        continue;
      }
      // A malformed hunk ended early; read the line as a header.
      oldLeft = 0;
      newLeft = 0;
    }
    const hunk = HUNK_HEADER.exec(line);
    if (hunk !== null) {
      oldLeft = Number(hunk[1] ?? 1);
      newLeft = Number(hunk[2] ?? 1);
      (section ?? open()).hunks += 1;
      continue;
    }
    if (line.startsWith('diff --git ')) {
      open().names.push(...gitHeaderNames(line.slice('diff --git '.length)));
      sawNewHeader = false;
      continue;
    }
    if (line.startsWith('--- ')) {
      // A classic diff has no `diff --git` line: `---` opens the next file (after a previous `+++`).
      const current = section === undefined || sawNewHeader ? open() : section;
      sawNewHeader = false;
      pushHeaderName(current, line.slice(4), false);
      continue;
    }
    if (line.startsWith('+++ ')) {
      const current = section ?? open();
      sawNewHeader = true;
      current.newName = pushHeaderName(current, line.slice(4), true) ?? current.newName;
      continue;
    }
    if (section === undefined) {
      continue;
    }
    readExtendedHeader(section, line);
  }
  return toPlan(sections);
}

/** Target paths as a flat list (kept for callers that only need names). */
export function collectDiffPaths(diff: string): string[] {
  return parseDiff(diff).paths;
}

function readExtendedHeader(section: Section, line: string): void {
  const copyRename = COPY_RENAME.exec(line);
  if (copyRename !== null) {
    // git strips p - 1 components from these names: none at the default -p1.
    const name = checkDiffPath(unquote(copyRename[3]));
    section.names.push(name);
    if (copyRename[2] === 'to') {
      section.newName = name;
    } else {
      section.sources.push({ name, rename: copyRename[1] === 'rename' });
    }
    return;
  }
  const mode = MODE_LINE.exec(line);
  if (mode !== null) {
    const [, kind, value] = mode;
    if (kind === 'deleted file mode') {
      section.deleted = true;
    } else if (kind === 'old mode') {
      section.oldMode = value;
    } else {
      section.mode = value;
    }
    return;
  }
  const index = INDEX_LINE.exec(line);
  if (index !== null) {
    section.mode ??= index[1];
    return;
  }
  if (
    line.startsWith('GIT binary patch') ||
    (line.startsWith('Binary files ') && line.endsWith(' differ'))
  ) {
    section.binary = true;
  }
}

function pushHeaderName(section: Section, text: string, isNew: boolean): string | undefined {
  const name = unquote(text);
  if (name === '/dev/null') {
    if (!isNew) {
      return undefined;
    }
    section.deleted = true;
    return undefined;
  }
  const stripped = stripComponent(checkDiffPath(name, shown(name)));
  section.names.push(stripped);
  return stripped;
}

function toPlan(sections: Section[]): DiffPlan {
  const plan: DiffPlan = { paths: [], sources: [], renameSources: [], deleted: [], symlinks: [] };
  for (const section of sections) {
    plan.paths.push(...section.names);
    for (const source of section.sources) {
      plan.sources.push(source.name);
      if (source.rename) {
        plan.renameSources.push(source.name);
      }
    }
    const newName = section.newName ?? section.names.at(-1);
    if (newName === undefined) {
      continue;
    }
    if (section.deleted) {
      plan.deleted.push(newName);
    } else if (section.mode === SYMLINK_MODE) {
      // Only a text hunk adding exactly one line shows the link text; a mode change alone, a binary
      // section or anything else leaves it unknown (refused by the caller).
      const known =
        !section.binary &&
        section.hunks === 1 &&
        section.added.length === 1 &&
        section.oldMode === undefined;
      plan.symlinks.push({ path: newName, target: known ? section.added[0] : null });
    }
  }
  if (plan.paths.length === 0) {
    throw new AppException('invalid_argument', 'diff contains no file paths');
  }
  return plan;
}
