import { APPROVAL_SCHEMAS } from './approval-schemas.js';
import { INVOCATION_SCHEMAS } from './invocation-schemas.js';
import { bool, str } from './schema-primitives.js';
import { SESSION_SCHEMAS } from './session-schemas.js';

/** The error envelope of every failed call; it may carry the invocation or the approval request. */
const ERROR_SCHEMA = {
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
} as const;

/** The body of `POST /mcp` (API.md 5.24). */
const MCP_MESSAGE_SCHEMA = {
  type: 'object',
  description:
    'One JSON-RPC 2.0 message of the MCP Streamable HTTP transport (API.md 5.24); batches are not accepted.',
  required: ['jsonrpc'],
  properties: { jsonrpc: { type: 'string', enum: ['2.0'] } },
  additionalProperties: true,
} as const;

/**
 * Component schemas of the public objects (API.md 2 and 3). They are registered under these names
 * in the generated document (`buildOpenApiDocument`) and referenced by the routes' decorators with
 * `schemaRef`; the names are part of the contract (typed clients are generated from them).
 *
 * Listed one by one, grouped by area in `*-schemas.ts`: this order is the order of
 * `components.schemas` in the document, which the committed client types are compared against.
 */
export const OPENAPI_COMPONENT_SCHEMAS = {
  Error: ERROR_SCHEMA,
  Principal: SESSION_SCHEMAS.Principal,
  Session: SESSION_SCHEMAS.Session,
  Capability: INVOCATION_SCHEMAS.Capability,
  LogLine: INVOCATION_SCHEMAS.LogLine,
  Artifact: INVOCATION_SCHEMAS.Artifact,
  Invocation: INVOCATION_SCHEMAS.Invocation,
  ExplainDecision: INVOCATION_SCHEMAS.ExplainDecision,
  RenewSessionRequest: SESSION_SCHEMAS.RenewSessionRequest,
  CreateSessionRequest: SESSION_SCHEMAS.CreateSessionRequest,
  ForkSessionRequest: SESSION_SCHEMAS.ForkSessionRequest,
  InvokeRequest: INVOCATION_SCHEMAS.InvokeRequest,
  DecideApprovalRequest: APPROVAL_SCHEMAS.DecideApprovalRequest,
  ApprovalActor: APPROVAL_SCHEMAS.ApprovalActor,
  Approval: APPROVAL_SCHEMAS.Approval,
  McpMessage: MCP_MESSAGE_SCHEMA,
} as const;

export type ComponentName = keyof typeof OPENAPI_COMPONENT_SCHEMAS;
