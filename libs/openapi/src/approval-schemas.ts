import { str, timestamp, freeForm } from './schema-primitives.js';

/** Approval requests (API.md 7.3): the approval record, its actors and the decide body. */
export const APPROVAL_SCHEMAS = {
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
} as const;
