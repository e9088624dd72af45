import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { TObject } from '@sinclair/typebox';
import type { JsonObject } from '#app/contracts';
import type { ToolHandler, ToolResult } from '#app/tool-registry';
import { createToolWorkspace, type ToolWorkspace } from '#app/testing';
import { type AppConfig, loadAppConfig, snapshotProcessEnvironment } from '#app/config';

/**
 * The shared tool workspace (`createToolWorkspace`) holding a git repository (`main` with two
 * commits, `feature` with one more), with a bare sibling repository as its `origin` (`file://`).
 * `run()` calls a handler the way the pipeline does (args validated, defaults filled in), approved,
 * as `alice` (`platform_admin`), with the given session metadata.
 */
export interface GitWorkspace extends Omit<ToolWorkspace, 'run'> {
  remotePath: string;
  remoteUrl: string;
  run(
    tool: ToolHandler<TObject>,
    args: JsonObject,
    metadata?: Record<string, string>,
  ): Promise<ToolResult>;
  /** git in the workspace (or `cwd`) for arranging and inspecting; never used by the tools. */
  git(args: string[], cwd?: string): string;
}

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
  const ws = await createToolWorkspace({
    prefix: 'git-tools-',
    allowedPaths: options.allowedPaths ?? ['.'],
    roles: ['platform_admin'],
    actorId: 'alice',
  });
  const remotePath = join(ws.base, 'remote.git');
  if (options.repository !== false) {
    await seedRepository(ws.root, remotePath);
  }
  return {
    ...ws,
    remotePath,
    remoteUrl: `file://${remotePath}`,
    run: (tool, args, metadata = {}) =>
      ws.run(tool, args, { toolName: 'git.test', approved: true, metadata }),
    git: (args, cwd = ws.root) => runGit(args, cwd),
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
