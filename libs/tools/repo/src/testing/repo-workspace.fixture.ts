import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import type { JsonObject, Session } from '#app/contracts';
import { AppException } from '#app/errors';
import type { ToolContext, ToolHandler, ToolResult } from '#app/tool-registry';
import type { WorkspaceRuntime } from '#app/workspace';
import { LocalCommandRunner, LocalWorkspaceRuntime } from '#app/workspace/testing';
import { snapshotProcessEnvironment } from '#app/config';

/** A real workspace directory under the OS temp dir with a local runtime bound to it. */
export interface RepoWorkspace {
  root: string;
  session: Session;
  runtime: WorkspaceRuntime;
  run(tool: ToolHandler, args?: JsonObject): Promise<ToolResult>;
  write(files: Record<string, string>): Promise<void>;
  cleanup(): Promise<void>;
}

const runner = new LocalCommandRunner({ serviceEnv: snapshotProcessEnvironment() });

/**
 * @param hiddenPrograms programs the runtime reports as missing (to exercise fallbacks on a host
 *   that has them installed); everything else runs for real.
 */
export async function createRepoWorkspace(hiddenPrograms: string[] = []): Promise<RepoWorkspace> {
  const base = await mkdtemp(join(tmpdir(), 'repo-tools-'));
  const root = join(base, 'repo');
  await mkdir(root);
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
  const local = new LocalWorkspaceRuntime(session, runner);
  const runtime = hiddenPrograms.length === 0 ? local : hidePrograms(local, hiddenPrograms);
  const write = async (files: Record<string, string>): Promise<void> => {
    for (const [path, content] of Object.entries(files)) {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), content);
    }
  };
  return {
    root,
    session,
    runtime,
    run: (tool, args = {}) => tool.execute(contextFor(session, runtime, args)),
    write,
    cleanup: () => rm(base, { recursive: true, force: true }),
  };
}

function hidePrograms(runtime: LocalWorkspaceRuntime, hidden: string[]): WorkspaceRuntime {
  return new Proxy(runtime, {
    get(target, property, receiver) {
      if (property === 'exec') {
        const exec: WorkspaceRuntime['exec'] = async (command, args, options) =>
          hidden.includes(command)
            ? {
                exit_code: -1,
                output: '',
                truncated: false,
                timed_out: false,
                start_error: `command not found: ${command}`,
                duration_ms: 0,
              }
            : target.exec(command, args, options);
        return exec;
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function contextFor(session: Session, runtime: WorkspaceRuntime, args: JsonObject): ToolContext {
  return {
    invocationId: 'inv-0000000000000002',
    toolName: 'repo.test',
    session,
    args,
    approved: false,
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

/** Whether `program` runs on this host; suites needing a missing toolchain skip loudly. */
export function programWorks(program: string, args: string[] = ['--version']): boolean {
  const probe = spawnSync(program, args, { stdio: 'ignore', timeout: 20_000 });
  return probe.error === undefined && probe.status === 0;
}

export function skipNotice(suite: string, program: string): void {
  console.warn(`\n!!! SKIPPED: ${suite} — ${program} is not installed on this host !!!\n`);
}

/** The text of the artifact called `name`. */
export function artifactText(result: ToolResult, name: string): string | undefined {
  return result.artifacts?.find((artifact) => artifact.name === name)?.data.toString('utf8');
}
