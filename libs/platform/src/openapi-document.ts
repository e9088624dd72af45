import { OPENAPI_COMPONENT_SCHEMAS } from './openapi-schemas.js';

type Operation = {
  summary: string;
  auth: boolean;
  body?: keyof typeof OPENAPI_COMPONENT_SCHEMAS;
  /** Optional query parameters (name → schema). */
  query?: Record<string, Record<string, unknown>>;
  success: { status: number; schema: Record<string, unknown> | string };
  /** Another success answer of the same operation (the 202 of an async invoke). */
  accepted?: { status: number; description: string; schema: Record<string, unknown> };
  /** A success answer without a body (the 204 of an event stream the client already has whole). */
  empty?: { status: number; description: string };
  errors: number[];
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const wrap = (member: string, schema: Record<string, unknown>) => ({
  type: 'object',
  required: [member],
  properties: { [member]: schema },
});
const status = { type: 'object', properties: { status: { type: 'string' } } };

/** The route definitions of API.md 5; the document below is generated from them. */
const ROUTES: Record<string, Record<string, Operation>> = {
  '/healthz': {
    get: {
      summary: 'Liveness (no dependencies)',
      auth: false,
      success: { status: 200, schema: status },
      errors: [],
    },
  },
  '/livez': {
    get: {
      summary: 'Liveness of the event loop',
      auth: false,
      success: { status: 200, schema: status },
      errors: [],
    },
  },
  '/readyz': {
    get: {
      summary: 'Readiness per store',
      auth: false,
      success: { status: 200, schema: status },
      errors: [503],
    },
  },
  '/metrics': {
    get: {
      summary: 'Prometheus metrics',
      auth: false,
      success: { status: 200, schema: 'text/plain' },
      errors: [],
    },
  },
  '/openapi.json': {
    get: {
      summary: 'This document',
      auth: false,
      success: { status: 200, schema: { type: 'object' } },
      errors: [],
    },
  },
  '/v1/sessions': {
    post: {
      summary: 'Create a session',
      auth: true,
      body: 'CreateSessionRequest',
      success: { status: 201, schema: wrap('session', ref('Session')) },
      errors: [400, 401, 403, 409, 413, 500, 503],
    },
  },
  '/v1/sessions/{session_id}': {
    get: {
      summary: 'Read a session',
      auth: true,
      success: { status: 200, schema: wrap('session', ref('Session')) },
      errors: [401, 403, 404, 503],
    },
    delete: {
      summary: 'Close a session',
      auth: true,
      success: { status: 200, schema: wrap('closed', { type: 'boolean' }) },
      errors: [401, 403, 404, 503],
    },
  },
  '/v1/sessions/{session_id}/renew': {
    post: {
      summary: 'Renew a session (extend expires_at)',
      auth: true,
      body: 'RenewSessionRequest',
      success: { status: 200, schema: wrap('session', ref('Session')) },
      errors: [400, 401, 403, 404, 413, 503],
    },
  },
  '/v1/sessions/{session_id}/fork': {
    post: {
      summary: 'Fork a session: a new session with a copy of its workspace',
      auth: true,
      body: 'ForkSessionRequest',
      success: { status: 201, schema: wrap('session', ref('Session')) },
      errors: [400, 401, 403, 404, 409, 413, 500, 503],
    },
  },
  '/v1/sessions/{session_id}/mcp': {
    post: {
      summary:
        'MCP Streamable HTTP endpoint (API.md 5.24): one JSON-RPC message; the answer is an SSE stream (requests), 202 (notifications, responses) or a JSON-RPC error',
      auth: true,
      body: 'McpMessage',
      success: { status: 200, schema: 'text/event-stream' },
      errors: [400, 401, 403, 404, 413, 503],
    },
    delete: {
      summary: 'Close the MCP session named by the Mcp-Session-Id header (API.md 5.24)',
      auth: true,
      success: { status: 200, schema: 'text/plain' },
      errors: [400, 401, 403, 404, 503],
    },
  },
  '/v1/sessions/{session_id}/tools': {
    get: {
      summary: 'List the capabilities usable in a session',
      auth: true,
      success: { status: 200, schema: wrap('tools', { type: 'array', items: ref('Capability') }) },
      errors: [401, 403, 404, 503],
    },
  },
  '/v1/sessions/{session_id}/tools/{tool_name}/invoke': {
    post: {
      summary: 'Invoke a tool',
      auth: true,
      body: 'InvokeRequest',
      success: { status: 200, schema: wrap('invocation', ref('Invocation')) },
      accepted: {
        status: 202,
        description:
          'Accepted (`"async": true`, or the replay of a running async invocation): the running record; `Location: /v1/invocations/{id}`',
        schema: wrap('invocation', ref('Invocation')),
      },
      errors: [400, 401, 403, 404, 409, 413, 428, 429, 500, 503, 504],
    },
  },
  '/v1/sessions/{session_id}/tools/{tool_name}/explain': {
    post: {
      summary: 'Explain the decision invoke would reach now, running nothing',
      auth: true,
      body: 'InvokeRequest',
      success: { status: 200, schema: wrap('decision', ref('ExplainDecision')) },
      errors: [400, 401, 403, 404, 413, 500, 503],
    },
  },
  '/v1/invocations/{invocation_id}': {
    get: {
      summary: 'Read an invocation',
      auth: true,
      success: { status: 200, schema: wrap('invocation', ref('Invocation')) },
      errors: [401, 403, 404, 503],
    },
  },
  '/v1/invocations/{invocation_id}/cancel': {
    post: {
      summary: 'Cancel a running invocation (any replica); 202 with the running record',
      auth: true,
      success: { status: 202, schema: wrap('invocation', ref('Invocation')) },
      errors: [401, 403, 404, 409, 503],
    },
  },
  '/v1/invocations/{invocation_id}/logs': {
    get: {
      summary: 'Read invocation logs',
      auth: true,
      success: { status: 200, schema: wrap('logs', { type: 'array', items: ref('LogLine') }) },
      errors: [401, 403, 404, 503],
    },
  },
  '/v1/invocations/{invocation_id}/events': {
    get: {
      summary:
        'Live invocation events (Server-Sent Events: log, status, done; Last-Event-ID resumes)',
      auth: true,
      success: { status: 200, schema: 'text/event-stream' },
      empty: {
        status: 204,
        description: 'Finished, and Last-Event-ID is at or after its done: nothing left to send',
      },
      errors: [400, 401, 403, 404, 503],
    },
  },
  '/v1/invocations/{invocation_id}/artifacts': {
    get: {
      summary: 'List invocation artifacts',
      auth: true,
      success: {
        status: 200,
        schema: wrap('artifacts', { type: 'array', items: ref('Artifact') }),
      },
      errors: [401, 403, 404, 503],
    },
  },
  '/v1/invocations/{invocation_id}/artifacts/{artifact_id}': {
    get: {
      summary: 'Download an artifact (raw bytes)',
      auth: true,
      success: { status: 200, schema: 'application/octet-stream' },
      errors: [401, 403, 404, 503],
    },
  },
  // API.md 5.19–5.22: approval requests (404 on every route unless WORKSPACE_APPROVAL_MODE=request).
  '/v1/approvals': {
    get: {
      summary: "List the caller tenant's approval requests by status (approvers)",
      auth: true,
      query: {
        status: {
          type: 'string',
          enum: ['pending', 'approved', 'denied', 'used', 'expired'],
          default: 'pending',
        },
      },
      success: {
        status: 200,
        schema: wrap('approvals', { type: 'array', items: ref('Approval') }),
      },
      errors: [400, 401, 403, 404, 503],
    },
  },
  '/v1/approvals/{approval_id}': {
    get: {
      summary: 'Read an approval request (approvers)',
      auth: true,
      success: { status: 200, schema: wrap('approval', ref('Approval')) },
      errors: [401, 403, 404, 503],
    },
  },
  '/v1/approvals/{approval_id}/approve': {
    post: {
      summary: 'Approve a pending approval request (approvers, not the requester)',
      auth: true,
      body: 'DecideApprovalRequest',
      success: { status: 200, schema: wrap('approval', ref('Approval')) },
      errors: [400, 401, 403, 404, 409, 413, 503],
    },
  },
  '/v1/approvals/{approval_id}/deny': {
    post: {
      summary: 'Deny a pending approval request (approvers, or the requester withdrawing it)',
      auth: true,
      body: 'DecideApprovalRequest',
      success: { status: 200, schema: wrap('approval', ref('Approval')) },
      errors: [400, 401, 403, 404, 409, 413, 503],
    },
  },
};

export function buildOpenApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const [path, operations] of Object.entries(ROUTES)) {
    const parameters = [...path.matchAll(/\{([a-z_]+)\}/g)].map((match) => ({
      name: match[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    paths[path] = Object.fromEntries(
      Object.entries(operations).map(([method, operation]) => [
        method,
        toOperation(operation, [
          ...parameters,
          ...Object.entries(operation.query ?? {}).map(([name, schema]) => ({
            name,
            in: 'query',
            required: false,
            schema,
          })),
        ]),
      ]),
    );
  }
  return {
    openapi: '3.0.3',
    info: { title: 'Workspace Execution Service', version },
    paths,
    components: { schemas: OPENAPI_COMPONENT_SCHEMAS },
  };
}

function toOperation(operation: Operation, parameters: unknown[]): Record<string, unknown> {
  const success =
    typeof operation.success.schema === 'string'
      ? {
          description: 'OK',
          content: { [operation.success.schema]: { schema: { type: 'string' } } },
        }
      : {
          description: 'OK',
          content: { 'application/json': { schema: operation.success.schema } },
        };
  const responses: Record<string, unknown> = { [String(operation.success.status)]: success };
  if (operation.accepted) {
    responses[String(operation.accepted.status)] = {
      description: operation.accepted.description,
      headers: { Location: { schema: { type: 'string' } } },
      content: { 'application/json': { schema: operation.accepted.schema } },
    };
  }
  if (operation.empty) {
    responses[String(operation.empty.status)] = { description: operation.empty.description };
  }
  for (const code of [...operation.errors, 405]) {
    responses[String(code)] = {
      description: 'Error',
      content: { 'application/json': { schema: ref('Error') } },
    };
  }
  return {
    summary: operation.summary,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(operation.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: ref(operation.body) } },
          },
        }
      : {}),
    responses,
    ...(operation.auth ? {} : { security: [] }),
  };
}
