/** Component schemas of the public objects (API.md 2 and 3), referenced by the OpenAPI document. */
const str = { type: 'string' };
const int = { type: 'integer' };
const bool = { type: 'boolean' };
const strings = { type: 'array', items: str };
const timestamp = { type: 'string', format: 'date-time' };

export const OPENAPI_COMPONENT_SCHEMAS = {
  Error: {
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message', 'retryable'],
        properties: { code: str, message: str, retryable: bool },
      },
      invocation: { $ref: '#/components/schemas/Invocation' },
    },
  },
  Principal: {
    type: 'object',
    required: ['tenant_id', 'actor_id', 'roles'],
    properties: { tenant_id: str, actor_id: str, roles: strings },
  },
  Session: {
    type: 'object',
    required: ['id', 'workspace_path', 'runtime', 'allowed_paths', 'principal', 'metadata', 'created_at', 'expires_at'],
    properties: {
      id: str,
      workspace_path: str,
      runtime: {
        type: 'object',
        required: ['kind', 'workdir'],
        properties: { kind: { type: 'string', enum: ['local', 'kubernetes'] }, namespace: str, pod_name: str, container: str, workdir: str },
      },
      repo_url: str,
      repo_ref: str,
      allowed_paths: strings,
      principal: { $ref: '#/components/schemas/Principal' },
      metadata: { type: 'object', additionalProperties: str },
      created_at: timestamp,
      expires_at: timestamp,
    },
  },
  Capability: {
    type: 'object',
    required: ['name', 'description', 'input_schema', 'output_schema', 'scope', 'side_effects', 'risk_level', 'requires_approval', 'idempotency', 'constraints', 'cost_hint', 'policy', 'observability'],
    properties: {
      name: str,
      description: str,
      input_schema: { type: 'object' },
      output_schema: { type: 'object' },
      scope: { type: 'string', enum: ['repo', 'workspace', 'cluster', 'external'] },
      side_effects: { type: 'string', enum: ['none', 'reversible', 'irreversible'] },
      risk_level: { type: 'string', enum: ['low', 'medium', 'high'] },
      requires_approval: bool,
      idempotency: { type: 'string', enum: ['guaranteed', 'best-effort', 'none'] },
      constraints: { type: 'object' },
      preconditions: strings,
      postconditions: strings,
      cost_hint: { type: 'string', enum: ['low', 'medium', 'high'] },
      policy: { type: 'object' },
      observability: { type: 'object', properties: { trace_name: str, span_name: str } },
      examples: { type: 'array', items: { type: 'object' } },
      alias_of: str,
    },
  },
  LogLine: { type: 'object', required: ['at', 'channel', 'message'], properties: { at: timestamp, channel: str, message: str } },
  Artifact: {
    type: 'object',
    required: ['id', 'name', 'content_type', 'size_bytes', 'sha256', 'created_at', 'download_path'],
    properties: { id: str, name: str, content_type: str, size_bytes: int, sha256: str, created_at: timestamp, download_path: str },
  },
  Invocation: {
    type: 'object',
    required: ['id', 'session_id', 'tool_name', 'status', 'started_at', 'duration_ms', 'trace_name', 'span_name', 'exit_code', 'logs', 'artifacts'],
    properties: {
      id: str,
      session_id: str,
      tool_name: str,
      correlation_id: str,
      status: { type: 'string', enum: ['running', 'succeeded', 'failed', 'denied'] },
      started_at: timestamp,
      completed_at: timestamp,
      duration_ms: int,
      trace_name: str,
      span_name: str,
      exit_code: int,
      output: {},
      output_ref: str,
      logs: { type: 'array', items: { $ref: '#/components/schemas/LogLine' } },
      logs_ref: str,
      artifacts: { type: 'array', items: { $ref: '#/components/schemas/Artifact' } },
      error: { type: 'object', properties: { code: str, message: str, retryable: bool } },
      truncation: {
        type: 'object',
        required: ['output_bytes_dropped', 'logs_bytes_dropped', 'logs_lines_dropped', 'artifacts_dropped_count', 'artifacts_dropped'],
        properties: {
          output_bytes_dropped: int,
          logs_bytes_dropped: int,
          logs_lines_dropped: int,
          artifacts_dropped_count: int,
          artifacts_dropped: {
            type: 'array',
            items: { type: 'object', required: ['name', 'size_bytes'], properties: { name: str, size_bytes: int } },
          },
        },
      },
    },
  },
  CreateSessionRequest: {
    type: 'object',
    additionalProperties: false,
    properties: {
      session_id: str,
      repo_url: str,
      repo_ref: str,
      source_repo_path: str,
      allowed_paths: strings,
      principal: {
        type: 'object',
        additionalProperties: false,
        properties: { tenant_id: str, actor_id: str, roles: strings },
      },
      metadata: { type: 'object', additionalProperties: str },
      expires_in_seconds: int,
    },
  },
  InvokeRequest: {
    type: 'object',
    additionalProperties: false,
    properties: { correlation_id: str, args: { type: 'object' }, approved: bool },
  },
} as const;
