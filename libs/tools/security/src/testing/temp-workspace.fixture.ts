import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import type { JsonObject, Session } from '#app/contracts';
import { AppException } from '#app/errors';
import type { ToolHandler, ToolResult } from '#app/tool-registry';
import { LocalCommandRunner, LocalWorkspaceRuntime } from '#app/workspace/testing';

/** A real session workspace under the OS temp dir, with a sibling `outside` directory. */
export interface TempWorkspace {
  root: string;
  outside: string;
  runtime: LocalWorkspaceRuntime;
  /** Writes files relative to the workspace root, creating parents. */
  write(files: Record<string, string>): Promise<void>;
  run(tool: ToolHandler, args?: JsonObject): Promise<ToolResult>;
  cleanup(): Promise<void>;
}

/** `searchPath` replaces PATH for programs the tools run (an empty directory makes every program missing). */
export async function createTempWorkspace(
  searchPath = process.env['PATH'],
): Promise<TempWorkspace> {
  const runner = new LocalCommandRunner({
    serviceEnv: { PATH: searchPath, HOME: process.env['HOME'] },
  });
  const base = await mkdtemp(join(tmpdir(), 'security-tools-'));
  const root = join(base, 'repo');
  const outside = join(base, 'outside');
  await mkdir(root);
  await mkdir(outside);
  const session: Session = {
    id: 'session-00000000000000bb',
    workspace_path: root,
    runtime: { kind: 'local', workdir: root },
    allowed_paths: ['.'],
    principal: { tenant_id: 'tenant', actor_id: 'actor', roles: ['developer'] },
    metadata: {},
    created_at: '2030-01-01T00:00:00.000Z',
    expires_at: '2030-01-01T01:00:00.000Z',
  };
  const runtime = new LocalWorkspaceRuntime(session, runner);
  return {
    root,
    outside,
    runtime,
    async write(files) {
      for (const [path, content] of Object.entries(files)) {
        await mkdir(dirname(join(root, path)), { recursive: true });
        await writeFile(join(root, path), content);
      }
    },
    run: (tool, args = {}) =>
      tool.execute({
        invocationId: 'inv-0000000000000002',
        toolName: 'security.test',
        session,
        args,
        approved: false,
        signal: new AbortController().signal,
        workspace: runtime,
      }),
    cleanup: () => rm(base, { recursive: true, force: true }),
  };
}

/** The code and message of the `AppException` a call rejects with. */
export async function failureOf(
  promise: Promise<unknown>,
): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppException) {
      return { code: error.code, message: error.message };
    }
    throw error;
  }
  throw new Error('expected the call to fail');
}
