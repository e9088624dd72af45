import type { WorkspaceRuntime } from '#app/workspace';
import { childPath } from '../workspace-files.js';
import { type Dependency, UNKNOWN_LICENSE, isRecord, stringOf } from './dependency.js';
import { licenseOf } from './npm-package-lock.parser.js';

// Bounds: an installed tree can hold tens of thousands of packages; manifests are small.
const MAX_MANIFESTS_READ = 5_000;
const MAX_MANIFEST_BYTES = 1024 * 1024;

/**
 * CATALOG.md 20.1: licenses of npm dependencies from `node_modules/<name>/package.json` when the
 * installed version is the one listed. Unreadable or foreign manifests are simply not used.
 */
export async function enrichNpmLicenses(
  workspace: WorkspaceRuntime,
  nodeModules: string,
  dependencies: Dependency[],
): Promise<void> {
  let reads = 0;
  for (const entry of dependencies) {
    if (
      entry.ecosystem !== 'npm' ||
      entry.license !== UNKNOWN_LICENSE ||
      reads === MAX_MANIFESTS_READ
    ) {
      continue;
    }
    reads += 1;
    const license = await installedLicense(
      workspace,
      childPath(nodeModules, `${entry.name}/package.json`),
      entry.version,
    );
    if (license !== undefined) {
      entry.license = license;
    }
  }
}

async function installedLicense(
  workspace: WorkspaceRuntime,
  manifestPath: string,
  version: string,
): Promise<string | undefined> {
  try {
    const { data, truncated } = await workspace.readFile(
      await workspace.resolve(manifestPath),
      MAX_MANIFEST_BYTES,
    );
    const manifest: unknown = truncated ? undefined : JSON.parse(data.toString('utf8'));
    if (!isRecord(manifest) || stringOf(manifest['version']) !== version) {
      return undefined;
    }
    return stringOf(licenseOf(manifest));
  } catch {
    return undefined;
  }
}
