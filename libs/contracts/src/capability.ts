import type { JsonObject, JsonSchema } from './json.js';

export type CapabilityScope = 'repo' | 'workspace' | 'cluster' | 'external';
export type SideEffects = 'none' | 'reversible' | 'irreversible';
export type RiskLevel = 'low' | 'medium' | 'high';
export type Idempotency = 'guaranteed' | 'best-effort' | 'none';
export type CostHint = 'low' | 'medium' | 'high';

export interface PathFieldRule {
  field: string;
  multi?: boolean;
  workspace_relative?: boolean;
}

export interface ArgFieldRule {
  field: string;
  multi?: boolean;
  max_items?: number;
  max_length?: number;
  allowed_values?: string[];
  allowed_prefix?: string[];
  denied_prefix?: string[];
  deny_characters?: string[];
}

export interface MetadataFieldRule {
  field: string;
  multi?: boolean;
}

/** CATALOG.md 1.3 — members are omitted when empty. */
export interface PolicyBindings {
  path_fields?: PathFieldRule[];
  arg_fields?: ArgFieldRule[];
  profile_fields?: MetadataFieldRule[];
  subject_fields?: MetadataFieldRule[];
  topic_fields?: MetadataFieldRule[];
  queue_fields?: MetadataFieldRule[];
  key_prefix_fields?: MetadataFieldRule[];
  namespace_fields?: string[];
  registry_fields?: string[];
  registry_requires_flag?: string;
}

export interface CapabilityConstraints {
  timeout_seconds: number;
  max_retries: number;
  allowed_paths?: string[];
  output_limit_kb?: number;
}

/** CATALOG.md 1.1 — a catalog entry exactly as listed by `GET /v1/sessions/{id}/tools`. */
export interface Capability {
  name: string;
  description: string;
  input_schema: JsonSchema;
  output_schema: JsonSchema;
  scope: CapabilityScope;
  side_effects: SideEffects;
  risk_level: RiskLevel;
  requires_approval: boolean;
  idempotency: Idempotency;
  constraints: CapabilityConstraints;
  preconditions?: string[];
  postconditions?: string[];
  cost_hint: CostHint;
  policy: PolicyBindings;
  observability: { trace_name: string; span_name: string };
  examples?: JsonObject[];
  alias_of?: string;
}

/** The three Kubernetes delivery tools are gated by a flag as well as by runtime (API.md 6 D2). */
export const K8S_DELIVERY_TOOLS: readonly string[] = Object.freeze([
  'k8s.apply_manifest',
  'k8s.rollout_status',
  'k8s.restart_deployment',
]);

export const TRACE_NAME = 'workspace.tools';
