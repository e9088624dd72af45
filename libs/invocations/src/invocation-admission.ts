import { Injectable } from '@nestjs/common';
import type { Session } from '#app/contracts';
import { AppException } from '#app/errors';
import type { TraceCarrier } from '#app/observability';
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
}

/** A5–A8: tool lookup, body, correlation id and args. A refusal here leaves no record behind. */
@Injectable()
export class InvocationAdmission {
  constructor(
    private readonly registry: ToolRegistry,
    private readonly runtimes: WorkspaceRuntimeFactory,
  ) {}

  admit({
    session,
    toolName,
    body,
    correlationHeader,
    traceCarrier = {},
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
    return {
      invocationId: generateId('inv'),
      toolName,
      tool,
      capability: tool.capability,
      session,
      args: validation.args,
      toolArgs: validation.toolArgs,
      approved: request.approved,
      async: request.async,
      correlationId: request.correlationId,
      traceCarrier,
      workspace: this.runtimes.forSession(session),
    };
  }
}
