import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import {
  chmod,
  link,
  lstat,
  mkdir,
  readdir,
  readFile,
  rmdir,
  unlink,
  writeFile,
} from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';

import type { Principal, SessionRuntime } from '#app/contracts';
import { AppException } from '#app/errors';

import type { CommandRunner } from '../command-runner.port.js';
import {
  WorkspaceManager,
  type ProvisionedWorkspace,
  type WorkspaceCreateRequest,
  type WorkspacePlacement,
} from '../workspace-manager.port.js';
import { gitClone } from './git-clone.js';
import { sanitisePathSegment } from './path-segments.js';
import { removeTree } from './remove-tree.js';
import { copySourceTree } from './source-tree-copy.js';

export interface LocalWorkspaceManagerOptions {
  /** `WORKSPACE_ROOT`: absolute, not `/`, created at startup by the composition root. */
  workspaceRoot: string;
}

type SessionRef = { id: string; principal: Principal; runtime: SessionRuntime };

/** Session roots younger than this are never orphans: their record may still be being written. */
export const ORPHAN_MIN_AGE_MS = 120_000;
const WORKSPACE_DIR = 'repo';
const SESSION_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
// A concurrent destroy or sweep may remove an empty tenant directory between our mkdir calls.
const MKDIR_ATTEMPTS = 3;
/**
 * Names the root's disk. Tenant segments never start with `.` (API.md 8.1), so no tenant directory
 * can take this name (nor the `<name>.<id>` file it is written through); the sweeper lists
 * directories only.
 */
export const WORKSPACE_ROOT_ID_FILE = '.workspace-root-id';
const ROOT_ID_PATTERN = /^root-[0-9a-f]{16}$/;

/**
 * Session workspaces as directories on the service host (API.md 8.3):
 * `<root>/<tenant segment>/<session id>/repo`. Nothing outside the root, and never the root itself,
 * is removed.
 */
export class LocalWorkspaceManager extends WorkspaceManager {
  override readonly backend = 'local' as const;
  private readonly root: string;
  private rootId: Promise<string> | undefined;

  constructor(
    options: LocalWorkspaceManagerOptions,
    private readonly runner: CommandRunner,
  ) {
    super();
    if (!isAbsolute(options.workspaceRoot) || resolve(options.workspaceRoot) === '/') {
      throw new Error(
        `workspace root must be an absolute path other than /: ${options.workspaceRoot}`,
      );
    }
    this.root = resolve(options.workspaceRoot);
  }

  /**
   * Creates the session root (removing a leftover first) and seeds `repo`: source copy, else clone,
   * else empty. On failure the partial session root is removed before the error is thrown.
   * @throws AppException `internal` `source copy failed: …`; `execution_failed` `git clone failed: …`; `timeout` `git clone timed out after <N>s`
   */
  override async create(request: WorkspaceCreateRequest): Promise<ProvisionedWorkspace> {
    const tenantDir = this.tenantDir(request.principal);
    const sessionRoot = this.sessionRoot(request.sessionId, request.principal);
    const workspacePath = join(sessionRoot, WORKSPACE_DIR);
    await this.remove(sessionRoot);
    await this.makeWorkspaceDir(tenantDir, workspacePath);
    try {
      await this.seed(request, sessionRoot, workspacePath);
    } catch (error) {
      await this.remove(sessionRoot);
      await this.removeIfEmpty(tenantDir);
      throw error;
    }
    return {
      workspacePath,
      runtime: {
        kind: 'local',
        workdir: workspacePath,
        workspace_root_id: await this.rootIdentity(),
      },
    };
  }

  override async destroy(session: SessionRef): Promise<void> {
    await this.remove(this.sessionRoot(session.id, session.principal));
    await this.removeIfEmpty(this.tenantDir(session.principal));
  }

  // Asked on every request of a session: a synchronous `stat` (a few µs) instead of a thread-pool
  // round trip, whose submission cost the main thread more than the call (docs/PERFORMANCE.md).
  override async exists(session: SessionRef): Promise<boolean> {
    const workspacePath = join(this.sessionRoot(session.id, session.principal), WORKSPACE_DIR);
    try {
      return statSync(workspacePath, { throwIfNoEntry: false })?.isDirectory() ?? false;
    } catch {
      return false;
    }
  }

  /**
   * Replicas with their own disks share one session store: a missing directory is "gone" only when
   * the session was created on this root (or before roots had ids); otherwise another replica holds it.
   */
  override async locate(session: SessionRef): Promise<WorkspacePlacement> {
    if (await this.exists(session)) {
      return 'here';
    }
    const recorded = session.runtime.workspace_root_id;
    return recorded === undefined || recorded === (await this.rootIdentity())
      ? 'gone'
      : 'elsewhere';
  }

  /**
   * The id kept in `<root>/.workspace-root-id`, written once by whichever replica first uses the
   * root (`wx`: replicas sharing one root agree on it) and kept across restarts with the disk.
   */
  rootIdentity(): Promise<string> {
    this.rootId ??= this.readOrWriteRootId().catch((error: unknown) => {
      this.rootId = undefined;
      throw error;
    });
    return this.rootId;
  }

  private async readOrWriteRootId(): Promise<string> {
    const file = join(this.root, WORKSPACE_ROOT_ID_FILE);
    const fresh = `root-${randomBytes(8).toString('hex')}`;
    // Written aside, then linked into place: a replica reading the file never sees it half-written.
    const aside = `${file}.${fresh}`;
    await mkdir(this.root, { recursive: true, mode: 0o755 });
    await writeFile(aside, `${fresh}\n`, { flag: 'wx', mode: 0o644 });
    try {
      await link(aside, file);
      return fresh;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw error;
      }
    } finally {
      await unlink(aside).catch(() => undefined);
    }
    const stored = (await readFile(file, 'utf8')).trim();
    if (!ROOT_ID_PATTERN.test(stored)) {
      throw new Error(
        `${file} does not hold a workspace root id: remove it to have a new one written`,
      );
    }
    return stored;
  }

  /**
   * Removes `<root>/<tenant>/<id>` dirs older than 120 s whose id is not live, then empty tenants.
   * Errors from `isLive` propagate at once: when the store cannot answer, nothing more is removed.
   */
  override async removeOrphans(isLive: (sessionId: string) => Promise<boolean>): Promise<number> {
    let removed = 0;
    const failures: string[] = [];
    for (const tenant of await listDirectories(this.root)) {
      const tenantDir = join(this.root, tenant);
      for (const sessionId of await listDirectories(tenantDir)) {
        const sessionRoot = join(tenantDir, sessionId);
        if (!(await isOlderThan(sessionRoot, ORPHAN_MIN_AGE_MS)) || (await isLive(sessionId))) {
          continue;
        }
        try {
          await this.remove(sessionRoot);
          removed++;
        } catch (error) {
          failures.push(`${sessionRoot}: ${errorMessage(error)}`);
        }
      }
      await this.removeIfEmpty(tenantDir);
    }
    if (failures.length > 0) {
      throw new Error(`orphan cleanup removed ${removed} but failed for: ${failures.join('; ')}`);
    }
    return removed;
  }

  private async seed(
    request: WorkspaceCreateRequest,
    sessionRoot: string,
    workspacePath: string,
  ): Promise<void> {
    if (request.sourceRepoPath !== undefined && request.sourceRepoPath !== '') {
      await copySourceTree(request.sourceRepoPath, workspacePath, { signal: request.signal }).catch(
        (error: unknown) => {
          throw new AppException('internal', `source copy failed: ${errorMessage(error)}`, {
            cause: error,
          });
        },
      );
    } else if (request.repoUrl !== undefined && request.repoUrl !== '') {
      await gitClone(this.runner, {
        url: request.repoUrl,
        ref: request.repoRef,
        directory: workspacePath,
        cwd: sessionRoot,
        signal: request.signal,
        ...(request.repoLocalPath === undefined ? {} : { localPath: request.repoLocalPath }),
        ...(request.cloneTimeoutMs === undefined ? {} : { timeoutMs: request.cloneTimeoutMs }),
      });
    }
  }

  private async makeWorkspaceDir(tenantDir: string, workspacePath: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        // A tenant path that is not a real directory (e.g. a planted symlink) must not be followed.
        const tenant = await lstat(tenantDir).catch(() => undefined);
        if (tenant !== undefined && !tenant.isDirectory()) {
          await this.remove(tenantDir);
        }
        await mkdir(workspacePath, { recursive: true, mode: 0o755 });
        await chmod(workspacePath, 0o755);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= MKDIR_ATTEMPTS) {
          throw error;
        }
      }
    }
  }

  private tenantDir(principal: Principal): string {
    return join(this.root, sanitisePathSegment(principal.tenant_id));
  }

  private sessionRoot(sessionId: string, principal: Principal): string {
    if (!SESSION_ID_PATTERN.test(sessionId)) {
      throw new AppException(
        'invalid_argument',
        `session_id must match ${SESSION_ID_PATTERN.source}`,
      );
    }
    return join(this.tenantDir(principal), sessionId);
  }

  /** Recursive removal, refused for anything that is not strictly inside the root. */
  private async remove(path: string): Promise<void> {
    this.assertInsideRoot(path);
    await removeTree(path);
  }

  private async removeIfEmpty(path: string): Promise<void> {
    this.assertInsideRoot(path);
    await rmdir(path).catch(() => undefined);
  }

  private assertInsideRoot(path: string): void {
    const resolved = resolve(path);
    if (!resolved.startsWith(`${this.root}/`) || resolved === this.root) {
      throw new Error(`refusing to remove ${resolved}: not inside workspace root ${this.root}`);
    }
  }
}

/** Names of real subdirectories (symlinks are never followed out of the root). */
async function listDirectories(path: string): Promise<string[]> {
  const entries = await readdir(path, { withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
}

async function isOlderThan(path: string, ageMs: number): Promise<boolean> {
  const stats = await lstat(path).catch(() => undefined);
  return stats !== undefined && Date.now() - stats.mtimeMs > ageMs;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
