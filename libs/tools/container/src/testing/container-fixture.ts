import { type AppConfig, loadAppConfig } from '#app/config';
import {
  type FakePrograms,
  type FakeResponse,
  type ToolWorkspace,
  createFakePrograms,
  createToolWorkspace,
} from '#app/testing';
import { LocalContainerRuntime } from '../local-container-runtime.js';

export interface ContainerFixture {
  fakes: FakePrograms;
  ws: ToolWorkspace;
  cleanup(): Promise<void>;
}

/** A workspace whose PATH holds only the given fake runtimes (no real podman/docker/nerdctl). */
export async function createContainerFixture(
  programs: Record<string, FakeResponse[]>,
  kind: 'local' | 'kubernetes' = 'local',
): Promise<ContainerFixture> {
  const fakes = await createFakePrograms(programs);
  const ws = await createToolWorkspace({ searchPath: fakes.dir, kind });
  return {
    fakes,
    ws,
    async cleanup() {
      await ws.cleanup();
      await fakes.cleanup();
    },
  };
}

/** A runtime whose `info` probe works and whose other subcommands answer as given. */
export function workingRuntime(...responses: FakeResponse[]): FakeResponse[] {
  return [{ when: 'info', output: '{"ID":"fake"}' }, ...responses];
}

export function configWith(env: Record<string, string> = {}): AppConfig {
  return loadAppConfig(env);
}

/** Synthetic fallbacks allowed and not strict by default. */
export const LENIENT = { WORKSPACE_CONTAINER_STRICT_BY_DEFAULT: 'false' };

/** The local backend's runtime (no Kubernetes client): a kubernetes session record fails on it. */
export const NO_KUBE = new LocalContainerRuntime();
