import { str, int, strings, timestamp } from './schema-primitives.js';

/** Sessions: the session object, its principal and the create, fork and renew bodies. */
export const SESSION_SCHEMAS = {
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
} as const;
