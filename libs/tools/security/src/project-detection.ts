import type { WorkspaceRuntime } from '#app/workspace';
import { walkFiles } from './workspace-files.js';

export type ProjectType = 'go' | 'rust' | 'node' | 'python' | 'java' | 'c' | 'unknown';

export interface DetectedProject {
  project_type: ProjectType;
  flavor: string;
}

const MARKERS: Array<[(names: ReadonlySet<string>) => boolean, ProjectType, string]> = [
  [(names) => names.has('go.mod'), 'go', 'module'],
  [(names) => names.has('Cargo.toml'), 'rust', 'cargo'],
  [(names) => names.has('package.json') && names.has('tsconfig.json'), 'node', 'typescript'],
  [(names) => names.has('package.json'), 'node', 'npm'],
  [
    (names) => ['pyproject.toml', 'pytest.ini', 'requirements.txt'].some((name) => names.has(name)),
    'python',
    'pytest',
  ],
  [(names) => names.has('mvnw') || names.has('pom.xml'), 'java', 'maven'],
  [
    (names) => ['gradlew', 'build.gradle', 'build.gradle.kts'].some((name) => names.has(name)),
    'java',
    'gradle',
  ],
  [(names) => names.has('CMakeLists.txt'), 'c', 'cc'],
];

/**
 * CATALOG.md 3.6, first match wins. `names` are the entry names of `directory`; the `*.c` probe
 * (depth 3, skipping `.git*`, `node_modules`, `vendor`) runs only when no marker matched.
 */
export async function detectProject(
  workspace: WorkspaceRuntime,
  directory: string,
  names: ReadonlySet<string>,
): Promise<DetectedProject> {
  for (const [matches, projectType, flavor] of MARKERS) {
    if (matches(names)) {
      return { project_type: projectType, flavor };
    }
  }
  const { files } = await walkFiles(workspace, directory, {
    maxDepth: 3,
    maxFiles: 1,
    skipDirectory: (name) =>
      name.startsWith('.git') || name === 'node_modules' || name === 'vendor',
    matches: (path) => path.endsWith('.c'),
  });
  return files.length > 0
    ? { project_type: 'c', flavor: 'cc' }
    : { project_type: 'unknown', flavor: '' };
}
