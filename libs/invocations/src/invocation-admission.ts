import { Injectable } from '@nestjs/common';
import { AppConfig } from '#app/config';
import type { Session } from '#app/contracts';
import { AppException } from '#app/errors';
import type { ApprovedVia, TraceCarrier } from '#app/observability';
import { generateId } from '#app/sessions';
import { ToolRegistry } from '#app/tool-registry';
import { WorkspaceRuntimeFactory } from '#app/workspace';
import type { InvocationContext } from './invocation-context.js';
import { parseInvokeBody } from './invoke.request.js';

/** What the invoke route hands to the pipeline. */
export interface InvokeRequest {
  session: Session;
  toolName: string;
  body: unknown;
  correlationHeader?: string;
  /** Request headers, for the W3C trace context of the invocation span. */
  traceCarrier?: TraceCarrier;
  /**
   * Set by a front end that obtained the approval itself (MCP elicitation, API.md 5.24) together
   * with `approved: true` in the body: recorded as `approved_via` on the audit line.
   */
  approvedVia?: ApprovedVia;
}

/** A5–A8: tool lookup, body, correlation id and args. A refusal here leaves no record behind. */
@Injectable()
export class InvocationAdmission {
  constructor(
    private readonly registry: ToolRegistry,
    private readonly runtimes: WorkspaceRuntimeFactory,
    private readonly config: AppConfig,
  ) {}

  admit({
    session,
    toolName,
    body,
    correlationHeader,
    traceCarrier = {},
    approvedVia,
  }: InvokeRequest): InvocationContext {
    const tool = this.registry.get(toolName);
    if (!tool) {
      throw new AppException('not_found', 'tool not found');
    }
    const request = parseInvokeBody(body, correlationHeader);
    const validation = this.registry.validateArgs(toolName, request.args);
    if (!validation.ok) {
      throw new AppException('invalid_argument', validation.message);
    }
    const flagApproved = this.config.approvals.mode === 'flag' && request.approved;
    return {
      invocationId: generateId('inv'),
      toolName,
      tool,
      capability: tool.capability,
      session,
      args: validation.args,
      toolArgs: validation.toolArgs,
      // Request mode: only a consumed approval request approves (API.md 7.3), never the flag.
      approved: flagApproved,
      ...(flagApproved && approvedVia ? { approvedVia } : {}),
      approval: { flag: request.approved, id: request.approvalId, consume: false },
      async: request.async,
      correlationId: request.correlationId,
      traceCarrier,
      workspace: this.runtimes.forSession(session),
    };
  }
}
