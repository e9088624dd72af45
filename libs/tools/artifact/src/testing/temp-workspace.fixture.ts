import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { JsonObject, Session } from '#app/contracts';
import { AppException } from '#app/errors';
import type { ToolHandler, ToolResult } from '#app/tool-registry';
import { CommandRunner, type ExecResult } from '#app/workspace';
import { LocalWorkspaceRuntime } from '#app/workspace/testing';

/** A real workspace under the OS temp dir with a sibling `outside` directory. */
export interface TempWorkspace {
  root: string;
  outside: string;
  run(tool: ToolHandler, args: JsonObject): Promise<ToolResult>;
  cleanup(): Promise<void>;
}

// artifact.* tools never run programs.
class NoCommandRunner extends CommandRunner {
  override run(): Promise<ExecResult> {
    return Promise.reject(new Error('artifact tools must not run programs'));
  }
}

export async function createTempWorkspace(allowedPaths: string[] = ['.']): Promise<TempWorkspace> {
  const base = await mkdtemp(join(tmpdir(), 'artifact-tools-'));
  const root = join(base, 'repo');
  const outside = join(base, 'outside');
  await mkdir(root);
  await mkdir(outside);
  await writeFile(join(outside, 'secret.txt'), 'secret');
  const session: Session = {
    id: 'session-00000000000000bb',
    workspace_path: root,
    runtime: { kind: 'local', workdir: root },
    allowed_paths: allowedPaths,
    principal: { tenant_id: 'tenant', actor_id: 'actor', roles: [] },
    metadata: {},
    created_at: '2030-01-01T00:00:00.000Z',
    expires_at: '2030-01-01T01:00:00.000Z',
  };
  const workspace = new LocalWorkspaceRuntime(session, new NoCommandRunner());
  return {
    root,
    outside,
    run: (tool, args) =>
      tool.execute({
        invocationId: 'inv-0000000000000002',
        toolName: 'artifact.test',
        session,
        args,
        approved: false,
        signal: new AbortController().signal,
        workspace,
      }),
    cleanup: () => rm(base, { recursive: true, force: true }),
  };
}

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
