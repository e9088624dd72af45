import { hash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type {
  Approval,
  ApprovalActor,
  Invocation,
  JsonObject,
  Principal,
  Session,
} from '#app/contracts';
import { canonicalJson } from './canonical-json.js';
import { JsonLogger } from './json-logger.js';

export interface AuditEntry {
  invocation: Invocation;
  session: Session;
  approved: boolean;
  args: JsonObject;
  /** `argsSha256(args)` when the caller already has it (computed once per invocation, in C1). */
  argsSha256?: string;
  /** How an approval was given when it did not come from the request body (API.md 11.3). */
  approvedVia?: ApprovedVia;
}

/** API.md 11.3 `approved_via`: approval given by the human through the MCP client (5.24). */
export type ApprovedVia = 'mcp_elicitation';

/**
 * What an audit line says besides the record, kept with a running record so that the replica that
 * finishes a lost invocation can audit it without the original request (docs/STORES.md).
 */
export interface AuditFacts {
  approved: boolean;
  argsSha256: string;
  principal: Principal;
  metadata: Record<string, string>;
  approvedVia?: ApprovedVia;
}

/** What happened to an approval request (API.md 11.3 `audit.approval`). */
export type ApprovalAuditEvent = 'requested' | 'approved' | 'denied' | 'used';

export interface ApprovalAuditEntry {
  event: ApprovalAuditEvent;
  approval: Approval;
  /** Who acted: the requester (`requested`, `used`) or the approver (`approved`, `denied`). */
  by: ApprovalActor;
  /** The invocation that asked (`requested`) or consumed (`used`). */
  invocationId?: string;
  at: string;
}

/** One `audit.tool_invocation` line per terminal outcome (API.md 11.3); raw args are never logged. */
@Injectable()
export class AuditLog {
  constructor(private readonly logger: JsonLogger) {}

  /** One `audit.approval` line (API.md 11.3). */
  recordApproval(entry: ApprovalAuditEntry): void {
    writeApprovalLine(this.logger, entry);
  }

  record({
    invocation,
    session,
    approved,
    args,
    argsSha256: digest,
    approvedVia,
  }: AuditEntry): void {
    this.recordFacts(invocation, auditFacts(session, approved, args, approvedVia, digest));
  }

  recordFacts(
    invocation: Invocation,
    { approved, argsSha256: argsDigest, principal, metadata, approvedVia }: AuditFacts,
  ): void {
    this.logger.write(
      'info',
      'audit.tool_invocation',
      {
        at: invocation.completed_at ?? new Date().toISOString(),
        invocation_id: invocation.id,
        session_id: invocation.session_id,
        tool: invocation.tool_name,
        correlation_id: invocation.correlation_id ?? '',
        status: invocation.status,
        ...(invocation.error ? { error_code: invocation.error.code } : {}),
        duration_ms: invocation.duration_ms,
        exit_code: invocation.exit_code,
        approved,
        ...(approvedVia ? { approved_via: approvedVia } : {}),
        tenant_id: principal.tenant_id,
        actor_id: principal.actor_id,
        roles: principal.roles,
        args_sha256: argsDigest,
        metadata,
      },
      true,
    );
  }
}

/**
 * One `audit.approval` line per request, decision and use of an approval request (API.md 11.3);
 * the args themselves are never logged, only their hash.
 */
function writeApprovalLine(
  logger: JsonLogger,
  { event, approval, by, invocationId, at }: ApprovalAuditEntry,
): void {
  logger.write(
    'info',
    'audit.approval',
    {
      at,
      event,
      approval_id: approval.id,
      session_id: approval.session_id,
      tool: approval.tool_name,
      args_sha256: approval.args_sha256,
      tenant_id: by.tenant,
      actor_id: by.actor,
      requested_by: approval.requested_by.actor,
      ...(invocationId !== undefined ? { invocation_id: invocationId } : {}),
      ...(approval.reason !== undefined && event !== 'requested' && event !== 'used'
        ? { reason: approval.reason }
        : {}),
      expires_at: approval.expires_at,
    },
    true,
  );
}

export function auditFacts(
  session: Session,
  approved: boolean,
  args: JsonObject,
  approvedVia?: ApprovedVia,
  // A default parameter is only evaluated when the digest is not given: no second canonical JSON
  // and hash of the same args at the end of an invocation.
  digest: string = argsSha256(args),
): AuditFacts {
  return {
    approved,
    argsSha256: digest,
    principal: session.principal,
    metadata: session.metadata,
    ...(approvedVia ? { approvedVia } : {}),
  };
}

export function argsSha256(args: JsonObject): string {
  // One-shot `hash` (a string is hashed as UTF-8): the same digest as createHash().update().digest()
  // without building a Hash object, which was most of this function's cost in the invoke profile.
  return hash('sha256', canonicalJson(args), 'hex');
}
