/**
 * Component schemas of the public objects (API.md 2 and 3). They are registered under these names
 * in the generated document (`buildOpenApiDocument`) and referenced by the routes' decorators with
 * `schemaRef`; the names are part of the contract (typed clients are generated from them).
 */
const str = { type: 'string' };
const int = { type: 'integer' };
const bool = { type: 'boolean' };
const strings = { type: 'array', items: str };
const timestamp = { type: 'string', format: 'date-time' };
/** A JSON object of any members (tool args, schemas, policy): typed clients read it as a record. */
const freeForm = { type: 'object', additionalProperties: true };

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
      approval_request: { $ref: '#/components/schemas/Approval' },
    },
  },
  Principal: {
    type: 'object',
    required: ['tenant_id', 'actor_id', 'roles'],
    properties: { tenant_id: str, actor_id: str, roles: strings },
  },
  Session: {
    type: 'object',
    required: [
      'id',
      'workspace_path',
      'runtime',
      'allowed_paths',
      'principal',
      'metadata',
      'created_at',
      'expires_at',
    ],
    properties: {
      id: str,
      workspace_path: str,
      runtime: {
        type: 'object',
        required: ['kind', 'workdir'],
        properties: {
          kind: { type: 'string', enum: ['local', 'kubernetes'] },
          namespace: str,
          pod_name: str,
          container: str,
          workdir: str,
          workspace_root_id: str,
        },
      },
      repo_url: str,
      repo_ref: str,
      allowed_paths: strings,
      principal: { $ref: '#/components/schemas/Principal' },
      metadata: { type: 'object', additionalProperties: str },
      created_at: timestamp,
      expires_at: timestamp,
      ttl_seconds: int,
      forked_from: str,
      last_activity_at: timestamp,
    },
  },
  Capability: {
    type: 'object',
    required: [
      'name',
      'description',
      'input_schema',
      'output_schema',
      'scope',
      'side_effects',
      'risk_level',
      'requires_approval',
      'idempotency',
      'constraints',
      'cost_hint',
      'policy',
      'observability',
    ],
    properties: {
      name: str,
      description: str,
      input_schema: freeForm,
      output_schema: freeForm,
      scope: { type: 'string', enum: ['repo', 'workspace', 'cluster', 'external'] },
      side_effects: { type: 'string', enum: ['none', 'reversible', 'irreversible'] },
      risk_level: { type: 'string', enum: ['low', 'medium', 'high'] },
      requires_approval: bool,
      idempotency: { type: 'string', enum: ['guaranteed', 'best-effort', 'none'] },
      constraints: freeForm,
      preconditions: strings,
      postconditions: strings,
      cost_hint: { type: 'string', enum: ['low', 'medium', 'high'] },
      policy: freeForm,
      observability: { type: 'object', properties: { trace_name: str, span_name: str } },
      examples: { type: 'array', items: freeForm },
      alias_of: str,
    },
  },
  LogLine: {
    type: 'object',
    required: ['at', 'channel', 'message'],
    properties: { at: timestamp, channel: str, message: str },
  },
  Artifact: {
    type: 'object',
    required: ['id', 'name', 'content_type', 'size_bytes', 'sha256', 'created_at', 'download_path'],
    properties: {
      id: str,
      name: str,
      content_type: str,
      size_bytes: int,
      sha256: str,
      created_at: timestamp,
      download_path: str,
    },
  },
  Invocation: {
    type: 'object',
    required: [
      'id',
      'session_id',
      'tool_name',
      'status',
      'started_at',
      'duration_ms',
      'trace_name',
      'span_name',
      'exit_code',
      'logs',
      'artifacts',
    ],
    properties: {
      id: str,
      session_id: str,
      tool_name: str,
      correlation_id: str,
      async: bool,
      status: { type: 'string', enum: ['running', 'succeeded', 'failed', 'denied', 'cancelled'] },
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
        required: [
          'output_bytes_dropped',
          'logs_bytes_dropped',
          'logs_lines_dropped',
          'artifacts_dropped_count',
          'artifacts_dropped',
        ],
        properties: {
          output_bytes_dropped: int,
          logs_bytes_dropped: int,
          logs_lines_dropped: int,
          artifacts_dropped_count: int,
          artifacts_dropped: {
            type: 'array',
            items: {
              type: 'object',
              required: ['name', 'size_bytes'],
              properties: { name: str, size_bytes: int },
            },
          },
        },
      },
    },
  },
  ExplainDecision: {
    type: 'object',
    required: ['allowed', 'code', 'message', 'requires_approval', 'checks'],
    properties: {
      allowed: bool,
      code: { type: 'string', nullable: true },
      message: { type: 'string', nullable: true },
      requires_approval: bool,
      checks: {
        type: 'array',
        items: {
          type: 'object',
          required: ['name', 'result', 'detail'],
          properties: {
            name: str,
            result: { type: 'string', enum: ['pass', 'fail', 'skip'] },
            detail: str,
          },
        },
      },
    },
  },
  RenewSessionRequest: {
    type: 'object',
    additionalProperties: false,
    properties: { ttl_seconds: int },
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
  ForkSessionRequest: {
    type: 'object',
    additionalProperties: false,
    properties: {
      session_id: str,
      ttl_seconds: int,
      allowed_paths: strings,
      metadata: { type: 'object', additionalProperties: str },
    },
  },
  InvokeRequest: {
    type: 'object',
    additionalProperties: false,
    properties: {
      async: bool,
      correlation_id: str,
      args: freeForm,
      approved: bool,
      approval_id: { type: 'string', maxLength: 128 },
    },
  },
  DecideApprovalRequest: {
    type: 'object',
    additionalProperties: false,
    properties: { reason: { type: 'string', maxLength: 1024 } },
  },
  ApprovalActor: {
    type: 'object',
    required: ['tenant', 'actor'],
    properties: { tenant: str, actor: str },
  },
  Approval: {
    type: 'object',
    required: [
      'id',
      'status',
      'session_id',
      'tool_name',
      'args_sha256',
      'args',
      'requested_by',
      'created_at',
      'expires_at',
    ],
    properties: {
      id: str,
      status: { type: 'string', enum: ['pending', 'approved', 'denied', 'used', 'expired'] },
      session_id: str,
      tool_name: str,
      args_sha256: str,
      args: freeForm,
      requested_by: { $ref: '#/components/schemas/ApprovalActor' },
      created_at: timestamp,
      expires_at: timestamp,
      decided_by: { $ref: '#/components/schemas/ApprovalActor' },
      decided_at: timestamp,
      reason: str,
      used_at: timestamp,
      used_by_invocation: str,
    },
  },
  McpMessage: {
    type: 'object',
    description:
      'One JSON-RPC 2.0 message of the MCP Streamable HTTP transport (API.md 5.24); batches are not accepted.',
    required: ['jsonrpc'],
    properties: { jsonrpc: { type: 'string', enum: ['2.0'] } },
    additionalProperties: true,
  },
} as const;

export type ComponentName = keyof typeof OPENAPI_COMPONENT_SCHEMAS;
