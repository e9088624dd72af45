import type { Capability, JsonObject, PolicyBindings, Session } from '#app/contracts';
import type { PolicyInput } from '../policy-engine.port.js';

// Test-only builders (not exported from the barrel): capabilities are built inline because the
// catalog tools live in other libraries.

export function buildCapability(overrides: Partial<Capability> = {}): Capability {
  return {
    name: 'test.tool',
    description: 'A capability built for policy specs',
    input_schema: { type: 'object', properties: {}, additionalProperties: false },
    output_schema: { type: 'object', properties: {} },
    scope: 'workspace',
    side_effects: 'none',
    risk_level: 'low',
    requires_approval: false,
    idempotency: 'guaranteed',
    constraints: { timeout_seconds: 30, max_retries: 0 },
    cost_hint: 'low',
    policy: {},
    observability: { trace_name: 'workspace.tools', span_name: 'test.tool' },
    ...overrides,
  };
}

export function buildSession(overrides: Partial<Session> = {}): Session {
  const workspacePath =
    overrides.workspace_path ?? '/srv/workspaces/acme/session-0123456789abcdef/repo';
  return {
    id: 'session-0123456789abcdef',
    workspace_path: workspacePath,
    runtime: { kind: 'local', workdir: workspacePath },
    allowed_paths: ['.'],
    principal: { tenant_id: 'acme', actor_id: 'alice', roles: [] },
    metadata: {},
    created_at: '2025-01-01T00:00:00.000Z',
    expires_at: '2025-01-01T01:00:00.000Z',
    ...overrides,
  };
}

export interface PolicyInputOverrides {
  capability?: Partial<Capability>;
  policy?: PolicyBindings;
  session?: Partial<Session>;
  roles?: string[];
  metadata?: Record<string, string>;
  args?: JsonObject;
  approved?: boolean;
  workspace?: PolicyInput['workspace'];
}

export function buildPolicyInput(overrides: PolicyInputOverrides = {}): PolicyInput {
  const session = buildSession(overrides.session);
  return {
    capability: buildCapability({
      ...overrides.capability,
      policy: overrides.policy ?? overrides.capability?.policy ?? {},
    }),
    session: {
      ...session,
      principal: { ...session.principal, roles: overrides.roles ?? session.principal.roles },
      metadata: overrides.metadata ?? session.metadata,
    },
    args: overrides.args ?? {},
    approved: overrides.approved ?? false,
    workspace: overrides.workspace,
  };
}
