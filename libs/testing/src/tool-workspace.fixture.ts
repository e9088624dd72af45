import { spawnSync } from 'node:child_process';
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
import { dirname, join } from 'node:path';

import type { TObject } from '@sinclair/typebox';
import type { JsonObject, RuntimeKind, Session } from '#app/contracts';
import { snapshotProcessEnvironment } from '#app/config';
import { AppException } from '#app/errors';
import type { InvocationProgress, ToolHandler, ToolResult } from '#app/tool-registry';
import { CommandRunner, type ExecResult, type WorkspaceRuntime } from '#app/workspace';
import { LocalCommandRunner, LocalWorkspaceRuntime } from '#app/workspace/testing';
import { callTool } from './tool-call.js';

/**
 * The one workspace for tool specs: a real session directory (`root`) under the OS temp dir, a
 * sibling `outside` directory holding `secret.txt` that no tool may touch, and `run()`, which calls a
 * handler the way the pipeline does (args validated, defaults filled in).
 */
export interface ToolWorkspace {
  base: string;
  root: string;
  outside: string;
  session: Session;
  runtime: WorkspaceRuntime;
  run(tool: ToolHandler<TObject>, args?: JsonObject, overrides?: RunOverrides): Promise<ToolResult>;
  write(files: Record<string, string>): Promise<void>;
  read(path: string): Promise<string>;
  cleanup(): Promise<void>;
}

/** Per-call context a spec may change. */
export interface RunOverrides {
  toolName?: string;
  approved?: boolean;
  metadata?: Record<string, string>;
  signal?: AbortSignal;
  /** Hears the invocation's live log lines, as the events route would. */
  progress?: InvocationProgress;
}

export interface ToolWorkspaceOptions {
  /** Temp dir name prefix, to tell leftovers apart. */
  prefix?: string;
  allowedPaths?: string[];
  roles?: string[];
  /** The principal's actor id (default `actor`), for handlers that derive an identity from it. */
  actorId?: string;
  /** `kubernetes` only changes the session record, for handlers' in-pod branches. */
  kind?: RuntimeKind;
  /**
   * PATH for the programs the tools run (the runner's service environment): put fake executables
   * first, or pass an empty directory to make every program missing. Default: this process's.
   */
  searchPath?: string;
  /** Programs reported as missing although installed, to exercise fallbacks. */
  hiddenPrograms?: string[];
  /** For families that must never run a program: any attempt fails the spec. */
  noPrograms?: boolean;
}

export async function createToolWorkspace(
  options: ToolWorkspaceOptions = {},
): Promise<ToolWorkspace> {
  const base = await mkdtemp(join(tmpdir(), options.prefix ?? 'tool-ws-'));
  const root = join(base, 'repo');
  const outside = join(base, 'outside');
  await mkdir(root);
  await mkdir(outside);
  await writeFile(join(outside, 'secret.txt'), 'secret');
  const session: Session = {
    id: 'session-00000000000000dd',
    workspace_path: root,
    runtime: { kind: options.kind ?? 'local', workdir: root },
    allowed_paths: options.allowedPaths ?? ['.'],
    principal: {
      tenant_id: 'tenant',
      actor_id: options.actorId ?? 'actor',
      roles: options.roles ?? ['developer'],
    },
    metadata: {},
    created_at: '2030-01-01T00:00:00.000Z',
    expires_at: '2030-01-01T01:00:00.000Z',
  };
  const local = new LocalWorkspaceRuntime(session, runnerFor(options));
  const runtime = options.hiddenPrograms?.length
    ? hidePrograms(local, options.hiddenPrograms)
    : local;
  return {
    base,
    root,
    outside,
    session,
    runtime,
    run: (tool, args = {}, overrides = {}) =>
      callTool(tool, {
        invocationId: 'inv-00000000000000dd',
        toolName: overrides.toolName ?? 'test.tool',
        session: { ...session, metadata: overrides.metadata ?? session.metadata },
        args,
        approved: overrides.approved ?? false,
        signal: overrides.signal ?? new AbortController().signal,
        workspace: runtime,
        ...(overrides.progress === undefined ? {} : { progress: overrides.progress }),
      }),
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

// Programs are looked up on the runner's service environment; specs control it through searchPath.
function runnerFor(options: ToolWorkspaceOptions): CommandRunner {
  if (options.noPrograms) {
    return new NoProgramsRunner();
  }
  const service = snapshotProcessEnvironment();
  const env =
    options.searchPath === undefined
      ? service
      : { PATH: options.searchPath, HOME: service['HOME'] };
  return new LocalCommandRunner({ serviceEnv: env, killGraceMs: 200, drainGraceMs: 500 });
}

class NoProgramsRunner extends CommandRunner {
  override run(): Promise<ExecResult> {
    return Promise.reject(new Error('this tool family must not run programs'));
  }
}

function hidePrograms(runtime: LocalWorkspaceRuntime, hidden: string[]): WorkspaceRuntime {
  return new Proxy(runtime, {
    get(target, property, receiver) {
      if (property === 'exec') {
        const exec: WorkspaceRuntime['exec'] = async (command, args, execOptions) =>
          hidden.includes(command)
            ? {
                exit_code: -1,
                output: '',
                truncated: false,
                timed_out: false,
                start_error: `command not found: ${command}`,
                duration_ms: 0,
              }
            : target.exec(command, args, execOptions);
        return exec;
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
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

/** The output of a result, typed loosely for assertions. */
export function outputOf(result: ToolResult): Record<string, unknown> {
  return result.output as Record<string, unknown>;
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
