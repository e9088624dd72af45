import { createHash } from 'node:crypto';
import {
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  rm,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { JsonObject, Session } from '#app/contracts';
import { AppException } from '#app/errors';
import type { ToolContext, ToolHandler, ToolResult } from '#app/tool-registry';
import { LocalCommandRunner, LocalWorkspaceRuntime } from '#app/workspace/testing';
import { snapshotProcessEnvironment } from '#app/config';

/** A real workspace under the OS temp dir, with a sibling `outside` directory that must stay untouched. */
export interface TempWorkspace {
  base: string;
  root: string;
  outside: string;
  session: Session;
  runtime: LocalWorkspaceRuntime;
  run(tool: ToolHandler, args: JsonObject): Promise<ToolResult>;
  cleanup(): Promise<void>;
}

const runner = new LocalCommandRunner({ serviceEnv: snapshotProcessEnvironment() });

export async function createTempWorkspace(allowedPaths: string[] = ['.']): Promise<TempWorkspace> {
  const base = await mkdtemp(join(tmpdir(), 'fs-tools-'));
  const root = join(base, 'repo');
  const outside = join(base, 'outside');
  await mkdir(root);
  await mkdir(outside);
  await writeFile(join(outside, 'secret.txt'), 'secret');
  const session: Session = {
    id: 'session-00000000000000aa',
    workspace_path: root,
    runtime: { kind: 'local', workdir: root },
    allowed_paths: allowedPaths,
    principal: { tenant_id: 'tenant', actor_id: 'actor', roles: ['platform_admin'] },
    metadata: {},
    created_at: '2030-01-01T00:00:00.000Z',
    expires_at: '2030-01-01T01:00:00.000Z',
  };
  const runtime = new LocalWorkspaceRuntime(session, runner);
  return {
    base,
    root,
    outside,
    session,
    runtime,
    run: (tool, args) => tool.execute(contextFor(session, runtime, args)),
    cleanup: () => rm(base, { recursive: true, force: true }),
  };
}

function contextFor(
  session: Session,
  runtime: LocalWorkspaceRuntime,
  args: JsonObject,
): ToolContext {
  return {
    invocationId: 'inv-0000000000000001',
    toolName: 'fs.test',
    session,
    args,
    approved: true,
    signal: new AbortController().signal,
    workspace: runtime,
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

/** Every entry below `dir` with its type, mode, and content hash or link text: equal means untouched. */
export async function snapshotTree(dir: string): Promise<string[]> {
  const lines: string[] = [];
  const visit = async (absolute: string, relative: string): Promise<void> => {
    for (const name of (await readdir(absolute)).sort()) {
      const childAbsolute = join(absolute, name);
      const childRelative = relative === '' ? name : `${relative}/${name}`;
      const stats = await lstat(childAbsolute);
      const mode = (stats.mode & 0o7777).toString(8);
      if (stats.isSymbolicLink()) {
        lines.push(`${childRelative} link ${await readlink(childAbsolute)}`);
      } else if (stats.isDirectory()) {
        lines.push(`${childRelative} dir ${mode}`);
        await visit(childAbsolute, childRelative);
      } else {
        const hash = createHash('sha256')
          .update(await readFile(childAbsolute))
          .digest('hex');
        lines.push(`${childRelative} file ${mode} ${hash}`);
      }
    }
  };
  await visit(dir, '');
  return lines;
}
