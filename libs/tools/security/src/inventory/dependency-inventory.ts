import type { LogLine } from '#app/contracts';
import { AppException } from '#app/errors';
import type { InvocationProgress, ToolErrorResult } from '#app/tool-registry';
import type { EntryInfo, WorkspaceRuntime } from '#app/workspace';
import { type DetectedProject, detectProject } from '../project-detection.js';
import { baseName, childPath } from '../workspace-files.js';
import { parseCargoLock } from './cargo-lock.parser.js';
import { type Dependency, type InventoryDiagnostic, ManifestFormatError } from './dependency.js';
import { parseGoModules } from './go-modules.parser.js';
import { enrichNpmLicenses } from './npm-license.enricher.js';
import { parseNpmPackageLock } from './npm-package-lock.parser.js';
import { parsePipfileLock } from './pipfile-lock.parser.js';
import { parsePnpmLock } from './pnpm-lock.parser.js';
import { parsePoetryLock } from './poetry-lock.parser.js';
import { parsePomXml } from './pom-xml.parser.js';
import { parseRequirementsTxt } from './requirements-txt.parser.js';
import { runToolchainInventory } from './toolchain-inventory.js';
import { parseYarnLock } from './yarn-lock.parser.js';

/** CATALOG.md 20.1: lockfiles over 20 MiB are skipped with a diagnostic. */
export const MAX_MANIFEST_BYTES = 20 * 1024 * 1024;
const MAX_DIRECTORY_ENTRIES = 10_000;

export interface Inventory {
  directory: string;
  project: DetectedProject;
  /** `["lockfile", <file>, …]`, or the toolchain argv. */
  command: string[];
  /** De-duplicated by ecosystem+name+version, sorted by ecosystem, name, version. */
  dependencies: Dependency[];
  diagnostics: InventoryDiagnostic[];
  logs: LogLine[];
  /** The toolchain listing failed and nothing was found (CATALOG.md 20.1). */
  error?: ToolErrorResult;
}

type SingleFileParser = (text: string) => Dependency[];

// Source order of CATALOG.md 20.1; go.mod + go.sum are read together.
const SINGLE_FILE_PARSERS: Array<[(name: string) => boolean, SingleFileParser]> = [
  [(name) => name === 'package-lock.json', parseNpmPackageLock],
  [(name) => name === 'npm-shrinkwrap.json', parseNpmPackageLock],
  [(name) => name === 'yarn.lock', parseYarnLock],
  [(name) => name === 'pnpm-lock.yaml', parsePnpmLock],
  [(name) => name === 'poetry.lock', parsePoetryLock],
  [(name) => name === 'Pipfile.lock', parsePipfileLock],
  [(name) => /^requirements.*\.txt$/.test(name), parseRequirementsTxt],
  [(name) => name === 'Cargo.lock', parseCargoLock],
  [(name) => name === 'pom.xml', parsePomXml],
];

const ECOSYSTEM_OF_TYPE: Readonly<Record<string, string>> = {
  go: 'go',
  node: 'npm',
  python: 'pypi',
  rust: 'cargo',
  java: 'maven',
};

/**
 * The dependency inventory of CATALOG.md 20.1 for the directory `rawPath`: lockfiles parsed
 * in-process through the session runtime (bounded, malformed files become diagnostics), installed
 * npm licenses, then the toolchain listing only when no lockfile of the detected type yielded anything.
 *
 * @throws AppException `not_found` `path not found: <path>`; `invalid_argument` `path is not a directory: <path>`
 */
export async function collectInventory(
  workspace: WorkspaceRuntime,
  rawPath: string,
  signal: AbortSignal,
  /** Hears the toolchain listing line by line while it runs (`mvn dependency:list` can be slow). */
  progress?: InvocationProgress,
): Promise<Inventory> {
  const directory = await workspace.resolve(rawPath);
  const stat = await workspace.stat(directory);
  if (stat === null) {
    throw new AppException('not_found', `path not found: ${directory}`);
  }
  if (stat.type === 'file' || stat.type === 'other') {
    throw new AppException('invalid_argument', `path is not a directory: ${directory}`);
  }
  const listing = await workspace.list(directory, {
    recursive: false,
    maxEntries: MAX_DIRECTORY_ENTRIES,
  });
  const entries = new Map(
    listing.entries.map((entry) => [entry.path.slice(entry.path.lastIndexOf('/') + 1), entry]),
  );
  const project = await detectProject(workspace, directory, new Set(entries.keys()));
  const reader = new ManifestReader(workspace, directory, entries);

  const found: Dependency[] = [];
  for (const [matches, parse] of SINGLE_FILE_PARSERS) {
    for (const name of [...entries.keys()].filter(matches).sort()) {
      found.push(...(await reader.parse([name], ([text]) => parse(text ?? ''))));
    }
  }
  if (entries.has('go.mod') || entries.has('go.sum')) {
    found.push(
      ...(await reader.parse(['go.mod', 'go.sum'], ([goMod, goSum]) =>
        parseGoModules(goMod, goSum),
      )),
    );
  }

  const inventory: Inventory = {
    directory,
    project,
    command: ['lockfile', ...reader.filesRead],
    dependencies: found,
    diagnostics: reader.diagnostics,
    logs: [],
  };
  const ecosystem = ECOSYSTEM_OF_TYPE[project.project_type];
  const needsToolchain =
    ecosystem === undefined
      ? found.length === 0
      : !found.some((entry) => entry.ecosystem === ecosystem);
  const escaping = needsToolchain
    ? await escapingSymlinks(workspace, await toolchainEntries(workspace, listing.entries))
    : [];
  if (escaping.length > 0) {
    // npm ls, go list, pip, cargo and mvn read manifests and dependency trees through symlinks:
    // with one leading out of the workspace the listing could print outside files (issue 11).
    for (const file of escaping) {
      inventory.diagnostics.push({
        file,
        message: 'skipped toolchain listing: symlink leaves the workspace',
      });
    }
  } else if (needsToolchain) {
    const toolchain = await runToolchainInventory(workspace, directory, project, signal, progress);
    found.push(...toolchain.dependencies);
    if (toolchain.command.length > 0) {
      inventory.command = toolchain.command;
    }
    inventory.logs = toolchain.log === undefined ? [] : [toolchain.log];
    if (toolchain.error !== undefined && found.length === 0) {
      inventory.error = toolchain.error;
    }
  }
  if (entries.get('node_modules')?.type === 'dir') {
    await enrichNpmLicenses(workspace, childPath(directory, 'node_modules'), found);
  }
  inventory.dependencies = dedupeAndSort(found);
  return inventory;
}

/**
 * What the toolchain listing reads through symlinks: the project directory's entries, and the
 * packages of `node_modules` (one level, and one more below `@scope` directories) that `npm ls` opens.
 */
async function toolchainEntries(
  workspace: WorkspaceRuntime,
  entries: readonly EntryInfo[],
): Promise<EntryInfo[]> {
  const found = [...entries];
  const modules = entries.find(
    (entry) => entry.type === 'dir' && entry.path.endsWith('node_modules'),
  );
  if (modules === undefined || baseName(modules.path) !== 'node_modules') {
    return found;
  }
  const packages = (
    await workspace.list(modules.path, { recursive: false, maxEntries: MAX_DIRECTORY_ENTRIES })
  ).entries;
  found.push(...packages);
  for (const scope of packages.filter(
    (entry) => entry.type === 'dir' && baseName(entry.path).startsWith('@'),
  )) {
    found.push(
      ...(await workspace.list(scope.path, { recursive: false, maxEntries: MAX_DIRECTORY_ENTRIES }))
        .entries,
    );
  }
  return found;
}

/** Symlinks directly in the project directory whose target leaves the workspace or allowed_paths. */
async function escapingSymlinks(
  workspace: WorkspaceRuntime,
  entries: readonly EntryInfo[],
): Promise<string[]> {
  const escaping: string[] = [];
  for (const entry of entries) {
    if (entry.type !== 'symlink') {
      continue;
    }
    try {
      await workspace.resolve(entry.path);
    } catch (error) {
      if (!(error instanceof AppException) || error.code !== 'policy_denied') {
        throw error;
      }
      escaping.push(entry.path);
    }
  }
  return escaping;
}

/** Reads manifests through the runtime with the size cap, recording every file read and every problem. */
class ManifestReader {
  readonly filesRead: string[] = [];
  readonly diagnostics: InventoryDiagnostic[] = [];

  constructor(
    private readonly workspace: WorkspaceRuntime,
    private readonly directory: string,
    private readonly entries: ReadonlyMap<string, EntryInfo>,
  ) {}

  /** Parses the present files among `names` together; absent ones are passed as `undefined`. */
  async parse(
    names: string[],
    parse: (texts: Array<string | undefined>) => Dependency[],
  ): Promise<Dependency[]> {
    const texts: Array<string | undefined> = [];
    for (const name of names) {
      texts.push(this.entries.has(name) ? await this.read(name) : undefined);
    }
    if (texts.every((text) => text === undefined)) {
      return [];
    }
    try {
      return parse(texts);
    } catch (error) {
      const kind = error instanceof ManifestFormatError ? 'malformed' : 'unparsable';
      const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
      this.diagnostics.push({
        file: this.files(names),
        message: `${kind} file: ${message.slice(0, 300)}`,
      });
      return [];
    }
  }

  private files(names: string[]): string {
    return names
      .filter((name) => this.entries.has(name))
      .map((name) => childPath(this.directory, name))
      .join(', ');
  }

  private async read(name: string): Promise<string | undefined> {
    const file = childPath(this.directory, name);
    const entry = this.entries.get(name);
    if (entry?.type !== 'file' && entry?.type !== 'symlink') {
      return undefined;
    }
    if (entry.size_bytes > MAX_MANIFEST_BYTES) {
      this.diagnostics.push({ file, message: `skipped: larger than ${MAX_MANIFEST_BYTES} bytes` });
      return undefined;
    }
    try {
      const result = await this.workspace.readFile(
        await this.workspace.resolve(file),
        MAX_MANIFEST_BYTES,
      );
      if (result.truncated) {
        this.diagnostics.push({
          file,
          message: `skipped: larger than ${MAX_MANIFEST_BYTES} bytes`,
        });
        return undefined;
      }
      this.filesRead.push(file);
      return result.data.toString('utf8');
    } catch (error) {
      // A symlink leading out of the workspace, a file removed meanwhile: not fatal for the inventory.
      this.diagnostics.push({
        file,
        message: `skipped: ${error instanceof Error ? error.message : String(error)}`,
      });
      return undefined;
    }
  }
}

function compare(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

/** One entry per ecosystem+name+version (a known license wins), sorted by ecosystem, name, version. */
export function dedupeAndSort(dependencies: readonly Dependency[]): Dependency[] {
  const unique = new Map<string, Dependency>();
  for (const entry of dependencies) {
    const key = `${entry.ecosystem}\u0000${entry.name}\u0000${entry.version}`;
    const existing = unique.get(key);
    if (existing === undefined || (existing.license === 'unknown' && entry.license !== 'unknown')) {
      unique.set(key, { ...entry });
    }
  }
  return [...unique.values()].sort(
    (left, right) =>
      compare(left.ecosystem, right.ecosystem) ||
      compare(left.name, right.name) ||
      compare(left.version, right.version),
  );
}
