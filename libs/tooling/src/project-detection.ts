import { AppException } from '#app/errors';
import type { WorkspaceRuntime } from '#app/workspace';
import { findSourceFiles } from './source-walk.js';
import { existingPaths } from './workspace-probe.js';

export type ProjectType = 'go' | 'rust' | 'node' | 'python' | 'java' | 'c' | 'unknown';

/** CATALOG.md 3.6: the detected type and its flavor (`''` for unknown). */
export interface ProjectInfo {
  project_type: ProjectType;
  flavor: string;
}

/** CATALOG.md 6 `repo.detect_toolchain` table. */
export interface Toolchain {
  language: string;
  build_system: string;
  test_framework: string;
  containerizable: boolean;
}

const MARKERS = [
  'go.mod',
  'Cargo.toml',
  'package.json',
  'tsconfig.json',
  'pyproject.toml',
  'pytest.ini',
  'requirements.txt',
  'mvnw',
  'pom.xml',
  'gradlew',
  'build.gradle',
  'build.gradle.kts',
  'CMakeLists.txt',
] as const;

/** `*.c` files count within this many path segments of the root. */
export const C_DETECTION_DEPTH = 3;

/**
 * Inspects the workspace root, first match wins (CATALOG.md 3.6). Local sessions look at the
 * directory; kubernetes sessions run shell probes in the pod. Detection adds no log line.
 */
export async function detectProject(
  workspace: WorkspaceRuntime,
  signal?: AbortSignal,
): Promise<ProjectInfo> {
  const present = await existingPaths(workspace, MARKERS, signal);
  const has = (name: string): boolean => present.has(name);
  if (has('go.mod')) {
    return { project_type: 'go', flavor: 'module' };
  }
  if (has('Cargo.toml')) {
    return { project_type: 'rust', flavor: 'cargo' };
  }
  if (has('package.json')) {
    return { project_type: 'node', flavor: has('tsconfig.json') ? 'typescript' : 'npm' };
  }
  if (has('pyproject.toml') || has('pytest.ini') || has('requirements.txt')) {
    return { project_type: 'python', flavor: 'pytest' };
  }
  if (has('mvnw') || has('pom.xml')) {
    return { project_type: 'java', flavor: 'maven' };
  }
  if (has('gradlew') || has('build.gradle') || has('build.gradle.kts')) {
    return { project_type: 'java', flavor: 'gradle' };
  }
  if (
    has('CMakeLists.txt') ||
    (await findSourceFiles(workspace, '.c', C_DETECTION_DEPTH, signal)).length > 0
  ) {
    return { project_type: 'c', flavor: 'cc' };
  }
  return { project_type: 'unknown', flavor: '' };
}

const TOOLCHAINS: Record<string, Toolchain> = {
  'go/module': {
    language: 'go',
    build_system: 'go-mod',
    test_framework: 'testing',
    containerizable: true,
  },
  'node/npm': {
    language: 'node',
    build_system: 'npm',
    test_framework: 'npm-test',
    containerizable: true,
  },
  'node/typescript': {
    language: 'node',
    build_system: 'npm-ts',
    test_framework: 'vitest/jest',
    containerizable: true,
  },
  'python/pytest': {
    language: 'python',
    build_system: 'pip',
    test_framework: 'pytest',
    containerizable: true,
  },
  'java/maven': {
    language: 'java',
    build_system: 'maven',
    test_framework: 'junit',
    containerizable: true,
  },
  'java/gradle': {
    language: 'java',
    build_system: 'gradle',
    test_framework: 'junit',
    containerizable: true,
  },
  'rust/cargo': {
    language: 'rust',
    build_system: 'cargo',
    test_framework: 'cargo-test',
    containerizable: true,
  },
  'c/cc': { language: 'c', build_system: 'cc', test_framework: 'native', containerizable: true },
};

const UNKNOWN_TOOLCHAIN: Toolchain = {
  language: 'unknown',
  build_system: 'unknown',
  test_framework: 'unknown',
  containerizable: false,
};

/** The toolchain row of a detected project (CATALOG.md 6 `repo.detect_toolchain`). */
export function toolchainOf(project: ProjectInfo): Toolchain {
  return { ...(TOOLCHAINS[`${project.project_type}/${project.flavor}`] ?? UNKNOWN_TOOLCHAIN) };
}

/**
 * Refuses an `unknown` project: `execution_failed` `no supported <purpose> found`
 * (e.g. `project`, `build system`).
 */
export function requireKnownProject(project: ProjectInfo, purpose = 'project'): void {
  if (project.project_type === 'unknown') {
    throw new AppException('execution_failed', `no supported ${purpose} found`);
  }
}
