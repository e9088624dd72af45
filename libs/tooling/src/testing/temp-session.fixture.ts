import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import type { Session } from '#app/contracts';
import { LocalCommandRunner, LocalWorkspaceRuntime } from '#app/workspace/testing';
import { snapshotProcessEnvironment } from '#app/config';

export interface TempSession {
  root: string;
  runtime: LocalWorkspaceRuntime;
  signal: AbortSignal;
  write(files: Record<string, string>): Promise<void>;
  cleanup(): Promise<void>;
}

const runner = new LocalCommandRunner({
  serviceEnv: snapshotProcessEnvironment(),
  killGraceMs: 200,
  drainGraceMs: 200,
});

/**
 * @param kind `kubernetes` makes the tooling take its in-pod probe paths; the probes still run
 *   locally in the workspace directory, which is exactly what a pod exec would see.
 */
export async function createTempSession(
  allowedPaths: string[] = ['.'],
  kind: 'local' | 'kubernetes' = 'local',
): Promise<TempSession> {
  const base = await mkdtemp(join(tmpdir(), 'tooling-'));
  const root = join(base, 'repo');
  await mkdir(root);
  const session: Session = {
    id: 'session-00000000000000cc',
    workspace_path: root,
    runtime: { kind, workdir: root },
    allowed_paths: allowedPaths,
    principal: { tenant_id: 'tenant', actor_id: 'actor', roles: [] },
    metadata: {},
    created_at: '2030-01-01T00:00:00.000Z',
    expires_at: '2030-01-01T01:00:00.000Z',
  };
  return {
    root,
    runtime: new LocalWorkspaceRuntime(session, runner),
    signal: new AbortController().signal,
    async write(files) {
      for (const [path, content] of Object.entries(files)) {
        await mkdir(dirname(join(root, path)), { recursive: true });
        await writeFile(join(root, path), content);
      }
    },
    cleanup: () => rm(base, { recursive: true, force: true }),
  };
}
