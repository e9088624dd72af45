import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import type { JsonObject, Session } from '#app/contracts';
import { AppException } from '#app/errors';
import type { ToolContext, ToolHandler, ToolResult } from '#app/tool-registry';
import type { WorkspaceRuntime } from '#app/workspace';
import { LocalCommandRunner, LocalWorkspaceRuntime } from '#app/workspace/testing';

/** A real local workspace under the OS temp dir, for tool specs that run real programs. */
export interface ToolWorkspace {
  root: string;
  session: Session;
  runtime: WorkspaceRuntime;
  /** Runs a handler the way the pipeline does, with `args` already validated. */
  run(tool: ToolHandler, args?: JsonObject, toolName?: string): Promise<ToolResult>;
  write(files: Record<string, string>): Promise<void>;
  read(path: string): Promise<string>;
  cleanup(): Promise<void>;
}

const runner = new LocalCommandRunner({
  serviceEnv: process.env,
  killGraceMs: 200,
  drainGraceMs: 500,
});

export async function createToolWorkspace(prefix = 'tool-ws-'): Promise<ToolWorkspace> {
  const base = await mkdtemp(join(tmpdir(), prefix));
  const root = join(base, 'repo');
  await mkdir(root);
  const session: Session = {
    id: 'session-00000000000000dd',
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
    read: (path) => readFile(join(root, path), 'utf8'),
    cleanup: () => rm(base, { recursive: true, force: true }),
  };
}

export function toolContext(
  session: Session,
  workspace: WorkspaceRuntime,
  args: JsonObject,
  toolName: string,
): ToolContext {
  return {
    invocationId: 'inv-00000000000000dd',
    toolName,
    session,
    args,
    approved: false,
    signal: new AbortController().signal,
    workspace,
  };
}

/**
 * Whether `program` runs on this host. When it does not, prints a loud notice: suites needing a
 * toolchain skip rather than fail on a host without it.
 */
export function requireProgram(
  suite: string,
  program: string,
  args: string[] = ['--version'],
): boolean {
  const probe = spawnSync(program, args, { stdio: 'ignore', timeout: 20_000 });
  const works = probe.error === undefined && probe.status === 0;
  if (!works) {
    console.warn(`\n!!! SKIPPED: ${suite} — ${program} is not installed on this host !!!\n`);
  }
  return works;
}

/** The code and message of the `AppException` a call rejects with. */
export async function appFailureOf(
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

/** The text of the artifact called `name`. */
export function artifactTextOf(result: ToolResult, name: string): string | undefined {
  return result.artifacts?.find((artifact) => artifact.name === name)?.data.toString('utf8');
}
