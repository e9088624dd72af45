import { randomUUID } from 'node:crypto';
import type { Invocation, Session } from '#app/contracts';

/** A session expiring `ttlSeconds` from now (real time: the Valkey TTL is wall-clock). */
export function sessionFixture(id: string, ttlSeconds = 3600): Session {
  const now = Date.now();
  return {
    id,
    workspace_path: `/tmp/ws/${id}/workspace`,
    runtime: { kind: 'local', workdir: `/tmp/ws/${id}/workspace` },
    allowed_paths: ['src/'],
    principal: { tenant_id: 'acme', actor_id: 'alice', roles: ['developer'] },
    metadata: { purpose: 'contract' },
    created_at: new Date(now).toISOString(),
    expires_at: new Date(now + ttlSeconds * 1000).toISOString(),
  };
}

/** A running record without output or logs: the shape every backend returns unchanged. */
export function invocationFixture(overrides: Partial<Invocation> = {}): Invocation {
  return {
    id: `inv-${randomUUID().slice(0, 8)}`,
    session_id: 'session-0123456789abcdef',
    tool_name: 'fs.read_file',
    status: 'running',
    started_at: new Date().toISOString(),
    duration_ms: 0,
    trace_name: 'workspace.fs',
    span_name: 'fs.read_file',
    exit_code: 0,
    logs: [],
    artifacts: [],
    ...overrides,
  };
}

/** A key prefix no other test run (or live service) uses. */
export function uniquePrefix(label: string): string {
  return `wes-test:${label}:${process.pid}:${randomUUID().slice(0, 8)}`;
}
