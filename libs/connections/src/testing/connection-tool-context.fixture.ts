import type { TObject } from '@sinclair/typebox';
import type { ConnectionProfile } from '#app/connections';
import type { JsonObject, Session } from '#app/contracts';
import { AppException } from '#app/errors';
import { callTool, type ToolCall } from '#app/testing';
import type { ToolHandler, ToolResult } from '#app/tool-registry';
import type { WorkspaceRuntime } from '#app/workspace';

// Connection tools never touch the workspace: each use of it fails the test loudly.
const NO_WORKSPACE = new Proxy({} as WorkspaceRuntime, {
  get(_target, member) {
    throw new Error(`connection tools must not use the workspace (called ${String(member)})`);
  },
});

export interface ContextOptions {
  metadata?: Record<string, string>;
  approved?: boolean;
  signal?: AbortSignal;
}

/**
 * A call of a connection tool as a spec writes it (args as sent), with the given session metadata.
 * Run it with `callTool` (or use {@link runConnectionTool}) so args are validated and defaulted.
 */
export function connectionContext(args: JsonObject, options: ContextOptions = {}): ToolCall {
  const session: Session = {
    id: 'session-00000000000000cc',
    workspace_path: '/nonexistent/workspace',
    runtime: { kind: 'local', workdir: '/nonexistent/workspace' },
    allowed_paths: ['.'],
    principal: { tenant_id: 'tenant', actor_id: 'actor', roles: ['devops'] },
    metadata: options.metadata ?? {},
    created_at: '2030-01-01T00:00:00.000Z',
    expires_at: '2030-01-01T01:00:00.000Z',
  };
  return {
    invocationId: 'inv-00000000000000cc',
    toolName: 'conn.test',
    session,
    args,
    approved: options.approved ?? true,
    signal: options.signal ?? new AbortController().signal,
    workspace: NO_WORKSPACE,
  };
}

/**
 * Runs a connection tool the way the pipeline does: args validated against its declared schema
 * and defaults filled in (`callTool`), in a context without a workspace.
 */
export function runConnectionTool<S extends TObject>(
  tool: ToolHandler<S>,
  args: JsonObject,
  options: ContextOptions = {},
): Promise<ToolResult> {
  return callTool(tool, connectionContext(args, options));
}

/** The error an `AppException` rejection carries. */
export async function failureOf(
  promise: Promise<unknown>,
): Promise<{ code: string; message: string; retryable: boolean }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppException) {
      return { code: error.code, message: error.message, retryable: error.retryable };
    }
    throw error;
  }
  throw new Error('expected the call to fail');
}

/** A name unique to this run, so parallel runs and leftovers never collide. */
export function uniqueName(prefix: string, separator = '.'): string {
  return `${prefix}${separator}${process.pid}${separator}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Server profiles (what `WORKSPACE_CONN_PROFILES_JSON` would configure) from loose test entries:
 * `read_only` defaults to `false`, `description` to `""`, `scopes` to `{}`.
 */
export function serverProfiles(
  entries: Array<Partial<ConnectionProfile> & { id: string; kind: string }>,
): ConnectionProfile[] {
  return entries.map((entry) => ({
    id: entry.id,
    kind: entry.kind,
    description: entry.description ?? '',
    read_only: entry.read_only ?? false,
    scopes: entry.scopes ?? {},
  }));
}

/** Session metadata with a custom profile list (`connection_profiles_json`). */
export function profilesMetadata(
  profiles: unknown[],
  extra: Record<string, string> = {},
): Record<string, string> {
  return { connection_profiles_json: JSON.stringify(profiles), ...extra };
}

/** A TCP port on loopback that nothing listens on (connection refused at once). */
export const CLOSED_LOCAL_PORT = 1;
