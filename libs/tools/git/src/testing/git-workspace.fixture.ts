import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { JsonObject, Session } from '#app/contracts';
import { AppException } from '#app/errors';
import type { ToolHandler, ToolResult } from '#app/tool-registry';
import { LocalCommandRunner, LocalWorkspaceRuntime } from '#app/workspace/testing';
import { type AppConfig, loadAppConfig, snapshotProcessEnvironment } from '#app/config';

/**
 * A real session workspace holding a git repository (`main` with two commits, `feature` with one
 * more), a bare sibling repository as its `origin` (`file://`), and an `outside` directory that
 * must stay untouched.
 */
export interface GitWorkspace {
  base: string;
  root: string;
  outside: string;
  remotePath: string;
  remoteUrl: string;
  session: Session;
  runtime: LocalWorkspaceRuntime;
  run(tool: ToolHandler, args: JsonObject, metadata?: Record<string, string>): Promise<ToolResult>;
  /** git in the workspace (or `cwd`) for arranging and inspecting; never used by the tools. */
  git(args: string[], cwd?: string): string;
  cleanup(): Promise<void>;
}

const runner = new LocalCommandRunner({ serviceEnv: snapshotProcessEnvironment() });
const FIXTURE_ENV = {
  ...snapshotProcessEnvironment(),
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_TERMINAL_PROMPT: '0',
  LC_ALL: 'C',
};
const FIXTURE_CONFIG = [
  '-c',
  'user.name=Fixture Author',
  '-c',
  'user.email=fixture@example.com',
  '-c',
  'init.defaultBranch=main',
  '-c',
  'commit.gpgSign=false',
];

export function runGit(args: string[], cwd: string): string {
  return execFileSync('git', [...FIXTURE_CONFIG, ...args], {
    cwd,
    env: FIXTURE_ENV,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export async function createGitWorkspace(
  options: { repository?: boolean; allowedPaths?: string[] } = {},
): Promise<GitWorkspace> {
  const base = await mkdtemp(join(tmpdir(), 'git-tools-'));
  const root = join(base, 'repo');
  const outside = join(base, 'outside');
  const remotePath = join(base, 'remote.git');
  await mkdir(root);
  await mkdir(outside);
  await writeFile(join(outside, 'secret.txt'), 'secret\n');
  if (options.repository !== false) {
    await seedRepository(root, remotePath);
  }
  const session: Session = {
    id: 'session-00000000000000bb',
    workspace_path: root,
    runtime: { kind: 'local', workdir: root },
    allowed_paths: options.allowedPaths ?? ['.'],
    principal: { tenant_id: 'tenant', actor_id: 'alice', roles: ['platform_admin'] },
    metadata: {},
    created_at: '2030-01-01T00:00:00.000Z',
    expires_at: '2030-01-01T01:00:00.000Z',
  };
  const runtime = new LocalWorkspaceRuntime(session, runner);
  return {
    base,
    root,
    outside,
    remotePath,
    remoteUrl: `file://${remotePath}`,
    session,
    runtime,
    run: (tool, args, metadata = {}) =>
      tool.execute({
        invocationId: 'inv-0000000000000001',
        toolName: 'git.test',
        session: { ...session, metadata },
        args,
        approved: true,
        signal: new AbortController().signal,
        workspace: runtime,
      }),
    git: (args, cwd = root) => runGit(args, cwd),
    cleanup: () => rm(base, { recursive: true, force: true }),
  };
}

async function seedRepository(root: string, remotePath: string): Promise<void> {
  runGit(['init', '-q'], root);
  await writeFile(join(root, 'README.md'), 'Hello\nline two\n');
  runGit(['add', '.'], root);
  runGit(['commit', '-q', '-m', 'initial commit'], root);
  await mkdir(join(root, 'src'));
  await writeFile(join(root, 'src/app.txt'), 'app v1\n');
  runGit(['add', '.'], root);
  runGit(['commit', '-q', '-m', 'add app'], root);
  runGit(['branch', 'feature'], root);
  runGit(['checkout', '-q', 'feature'], root);
  await writeFile(join(root, 'feature.txt'), 'feature\n');
  runGit(['add', '.'], root);
  runGit(['commit', '-q', '-m', 'feature work'], root);
  runGit(['checkout', '-q', 'main'], root);
  runGit(['init', '-q', '--bare', remotePath], root);
  runGit(['remote', 'add', 'origin', `file://${remotePath}`], root);
  runGit(['push', '-q', 'origin', 'main', 'feature'], root);
  runGit(['branch', '--set-upstream-to=origin/main', 'main'], root);
}

/**
 * Configuration for the remote tools: `allowlist` becomes `WORKSPACE_SOURCE_REPO_ALLOWLIST` (the
 * fixture's `origin` lives in `ws.base`, outside the workspace, so most tests allowlist that).
 */
export function gitToolConfig(allowlist: readonly string[]): AppConfig {
  return loadAppConfig({
    WORKSPACE_SOURCE_REPO_ALLOWLIST: allowlist.join(','),
    WORKSPACE_LOCAL_SANDBOX: 'off',
  });
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

/** The output of a successful result, typed loosely for assertions. */
export function outputOf(result: ToolResult): Record<string, unknown> {
  return result.output as Record<string, unknown>;
}

/** Pushes one new commit on `main` to the remote from a second clone, as another developer would. */
export async function advanceRemote(ws: GitWorkspace): Promise<string> {
  const clone = await mkdtemp(join(ws.base, 'clone-'));
  try {
    runGit(['clone', '-q', ws.remoteUrl, clone], ws.base);
    await writeFile(join(clone, 'upstream.txt'), 'from upstream\n');
    runGit(['add', '.'], clone);
    runGit(['commit', '-q', '-m', 'upstream change'], clone);
    runGit(['tag', 'v1.0'], clone);
    runGit(['push', '-q', 'origin', 'main', 'v1.0'], clone);
    return runGit(['rev-parse', 'HEAD'], clone).trim();
  } finally {
    await rm(clone, { recursive: true, force: true });
  }
}
