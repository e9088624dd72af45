import { Injectable } from '@nestjs/common';
import { AppConfig } from '#app/config';
import type { CallToolRequest, CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';
import type { JsonObject, Session } from '#app/contracts';
import { AppException } from '#app/errors';
import type { RawBody } from '#app/http';
import { InvocationPipeline } from '#app/invocations';
import type { ApprovedVia } from '#app/observability';
import { PolicyEngine } from '#app/policy';
import { ToolRegistry } from '#app/tool-registry';
import {
  approvalElicitation,
  askForApproval,
  canElicit,
  type McpRequestExtra,
} from './mcp-approval.js';
import { errorResult, successResult } from './mcp-call-result.js';

/** Request `_meta` keys the service reads on `tools/call` (API.md 5.24). */
export const CORRELATION_ID_META = 'correlation_id';
export const APPROVAL_ID_META = 'approval_id';

/**
 * API.md 5.24 `tools/call`: the REST invoke body built from `arguments` and `_meta`, run through the
 * same `InvocationPipeline` (record, limits, policy, quotas, audit, metrics, trace). Every refusal
 * the pipeline answers becomes a tool error carrying its stable code; nothing here decides access.
 */
@Injectable()
export class McpToolCall {
  constructor(
    private readonly registry: ToolRegistry,
    private readonly pipeline: InvocationPipeline,
    private readonly policy: PolicyEngine,
    private readonly config: AppConfig,
  ) {}

  async call(
    session: Session,
    params: CallToolRequest['params'],
    client: ClientCapabilities | undefined,
    extra: McpRequestExtra,
  ): Promise<CallToolResult> {
    const meta = params._meta ?? {};
    const args: JsonObject = (params.arguments ?? {}) as JsonObject;
    const correlationId = stringOrUndefined(meta[CORRELATION_ID_META]);
    const approvalId = stringOrUndefined(meta[APPROVAL_ID_META]);
    const headers = extra.requestInfo?.headers ?? {};
    const approvedVia = await this.elicitedApproval(
      session,
      params.name,
      args,
      approvalId,
      client,
      extra,
    );
    const body: JsonObject = {
      args,
      ...(correlationId !== undefined ? { correlation_id: correlationId } : {}),
      ...(approvalId !== undefined ? { approval_id: approvalId } : {}),
      ...(approvedVia ? { approved: true } : {}),
    };
    try {
      const invocation = await this.pipeline.invoke({
        session,
        toolName: params.name,
        // The invoke route's raw body: the same size, nesting and field checks apply (API.md 5.10).
        body: { kind: 'bytes', bytes: Buffer.from(JSON.stringify(body)) } satisfies RawBody,
        correlationHeader: stringOrUndefined(headers['x-correlation-id']),
        traceCarrier: headers,
        ...(approvedVia ? { approvedVia } : {}),
      });
      return successResult(invocation);
    } catch (error) {
      if (error instanceof AppException) {
        return errorResult(error);
      }
      throw error; // unexpected: the SDK answers a JSON-RPC internal error, logged by the caller
    }
  }

  /**
   * Flag mode (API.md 7.3): a tool that requires approval, called by a client that can show a form,
   * with arguments the schema accepts and the policy would allow once approved (any other call is
   * refused by the pipeline without bothering the human), is shown to the human before its one
   * run. In request mode nobody is asked: only an approval request decided by another principal
   * approves, and the tool error carries the request to decide (`_meta.approval_id` on the retry).
   */
  private async elicitedApproval(
    session: Session,
    toolName: string,
    args: JsonObject,
    approvalId: string | undefined,
    client: ClientCapabilities | undefined,
    extra: McpRequestExtra,
  ): Promise<ApprovedVia | undefined> {
    if (this.config.approvals.mode !== 'flag') {
      return undefined;
    }
    const tool = this.registry.get(toolName);
    if (!tool?.capability.requires_approval || approvalId !== undefined || !canElicit(client)) {
      return undefined;
    }
    const validation = this.registry.validateArgs(toolName, args);
    if (!validation.ok) {
      return undefined;
    }
    const { capability } = tool;
    const decision = await this.policy.evaluate({
      capability,
      session,
      args: validation.args,
      approved: true,
    });
    if (!decision.allowed) {
      return undefined;
    }
    const approved = await askForApproval(extra, approvalElicitation(capability, toolName, args));
    return approved ? 'mcp_elicitation' : undefined;
  }
}

function stringOrUndefined(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    return stringOrUndefined(value[0]);
  }
  return typeof value === 'string' ? value : undefined;
}
