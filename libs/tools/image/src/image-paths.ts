import type { WorkspaceRuntime } from '#app/workspace';

export interface DockerfileLocation {
  /** Resolved workspace-relative context directory. */
  context: string;
  /** Resolved workspace-relative Dockerfile path. */
  dockerfile: string;
}

/**
 * CATALOG.md 17: the Dockerfile is `dockerfile_path` when the context is `.`, else
 * `<context_path>/<dockerfile_path>`. Both go through the workspace path resolver.
 */
export async function resolveDockerfileLocation(
  workspace: WorkspaceRuntime,
  contextPath: string,
  dockerfilePath: string,
): Promise<DockerfileLocation> {
  const context = await workspace.resolve(contextPath);
  const joined = context === '.' ? dockerfilePath : `${context}/${dockerfilePath}`;
  return { context, dockerfile: await workspace.resolve(joined) };
}

/** CATALOG.md 3.3: a relative path handed to a program that would start with `-` is written `./<path>`. */
export function programPath(path: string): string {
  return path.startsWith('-') ? `./${path}` : path;
}
