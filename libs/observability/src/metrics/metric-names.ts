/** API.md 11.1 — names and label order are part of the contract. */
export const INVOCATIONS_TOTAL = 'workspace_invocations_total';
export const INVOCATIONS_DENIED_TOTAL = 'workspace_invocations_denied_total';
export const INVOCATIONS_LOST_TOTAL = 'workspace_invocations_lost_total';
export const POLICY_EXPLAIN_TOTAL = 'workspace_policy_explain_total';
export const INVOCATION_DURATION_SECONDS = 'workspace_invocation_duration_seconds';
export const SESSIONS_ACTIVE = 'workspace_sessions_active';
export const SESSION_CREATE_DURATION_SECONDS = 'workspace_session_create_duration_seconds';
export const DEPENDENCY_UP = 'workspace_dependency_up';

export const INVOCATION_DURATION_BUCKETS = [
  0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600,
];
export const SESSION_CREATE_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
