import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import type { JsonObject, Session } from '#app/contracts';
import type { ToolHandler, ToolResult } from '#app/tool-registry';
import { LocalCommandRunner, LocalWorkspaceRuntime } from '#app/workspace/testing';
import { toolContext } from './tool-workspace.fixture.js';

export interface PathWorkspace {
  root: string;
  session: Session;
  runtime: LocalWorkspaceRuntime;
  run(tool: ToolHandler, args?: JsonObject, toolName?: string): Promise<ToolResult>;
  write(files: Record<string, string>): Promise<void>;
  cleanup(): Promise<void>;
}

/**
 * A real local workspace whose programs are looked up on `searchPath` only (the runner's service
 * environment), so specs can put fake executables first or make a program missing.
 * `kind: 'kubernetes'` only changes the session record (for the handlers' kubernetes branches).
 */
export async function createPathWorkspace(
  searchPath: string,
  kind: 'local' | 'kubernetes' = 'local',
): Promise<PathWorkspace> {
  const runner = new LocalCommandRunner({
    serviceEnv: { PATH: searchPath, HOME: process.env['HOME'] },
    killGraceMs: 200,
    drainGraceMs: 300,
  });
  const base = await mkdtemp(join(tmpdir(), 'path-ws-'));
  const root = join(base, 'repo');
  await mkdir(root);
  const session: Session = {
    id: 'Session-00000000000000EE',
    workspace_path: root,
    runtime: { kind, workdir: root },
    allowed_paths: ['.'],
    principal: { tenant_id: 'tenant', actor_id: 'actor', roles: ['developer'] },
    metadata: {},
    created_at: '2030-01-01T00:00:00.000Z',
    expires_at: '2030-01-01T01:00:00.000Z',
  };
  const runtime = new LocalWorkspaceRuntime(session, runner);
  return {
    root,
    session,
    runtime,
    run: (tool, args = {}, toolName = 'test.tool') =>
      tool.execute(toolContext(session, runtime, args, toolName)),
    async write(files) {
      for (const [path, content] of Object.entries(files)) {
        await mkdir(dirname(join(root, path)), { recursive: true });
        await writeFile(join(root, path), content);
      }
    },
    cleanup: () => rm(base, { recursive: true, force: true }),
  };
}
