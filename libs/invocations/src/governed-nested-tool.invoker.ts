import { Injectable } from '@nestjs/common';
import type { JsonObject } from '#app/contracts';
import { AppException } from '#app/errors';
import { PolicyEngine } from '#app/policy';
import {
  NestedToolInvoker,
  type ToolContext,
  ToolRegistry,
  type ToolResult,
} from '#app/tool-registry';
import { RuntimeGuard } from './guards/runtime.guard.js';

/**
 * The nested-call port with the governance of a top-level call (API.md 6 A8, D2, D3, E1): args
 * validated against the callee's schema, runtime gating and the static policy with the caller's
 * session and approval, and the callee's own deadline next to the caller's signal. Rate limits and
 * the concurrency slot are the caller's: the nested call is part of its invocation.
 */
@Injectable()
export class GovernedNestedToolInvoker extends NestedToolInvoker {
  constructor(
    private readonly registry: ToolRegistry,
    private readonly runtime: RuntimeGuard,
    private readonly policy: PolicyEngine,
  ) {
    super();
  }

  async invoke(caller: ToolContext, toolName: string, rawArgs: JsonObject): Promise<ToolResult> {
    const tool = this.registry.get(toolName);
    if (!tool) {
      // `@UsesTools()` makes this a startup failure; reaching it means the callee was not declared.
      throw new AppException('internal', `nested tool not registered: ${toolName}`);
    }
    const validation = this.registry.validateArgs(toolName, rawArgs);
    if (!validation.ok) {
      throw new AppException('invalid_argument', validation.message);
    }
    const { capability } = tool;
    const { session, approved, workspace } = caller;
    const refusal = this.runtime.refusal(capability, session);
    if (refusal) {
      throw new AppException('policy_denied', refusal);
    }
    const decision = await this.policy.evaluate({
      capability,
      session,
      args: validation.args,
      approved,
      workspace,
    });
    if (!decision.allowed) {
      throw new AppException(decision.code, decision.message);
    }
    // A nested call reports no live progress: its lines are the caller's to return (API.md 5.17).
    const { progress: _progress, ...nested } = caller;
    return withDeadline(capability.constraints.timeout_seconds, caller.signal, (signal) =>
      tool.handler.execute({ ...nested, toolName, args: validation.toolArgs, signal }),
    );
  }
}

/**
 * Runs `execute` with a signal that fires on the caller's signal or after `timeoutSeconds`. The
 * deadline decides at once (a `timeout` error), even for a callee that ignores its signal; the
 * caller's own cancellation is left to the caller's runner, as before.
 */
async function withDeadline(
  timeoutSeconds: number,
  callerSignal: AbortSignal,
  execute: (signal: AbortSignal) => Promise<ToolResult>,
): Promise<ToolResult> {
  const controller = new AbortController();
  const forward = (): void => controller.abort(callerSignal.reason);
  callerSignal.addEventListener('abort', forward, { once: true });
  if (callerSignal.aborted) {
    forward();
  }
  let expire!: () => void;
  const expired = new Promise<ToolResult>((resolve) => {
    expire = () =>
      resolve({
        error: {
          code: 'timeout',
          message: `tool timed out after ${timeoutSeconds}s`,
          retryable: true,
        },
      });
  });
  const deadline = setTimeout(() => {
    controller.abort('deadline');
    expire();
  }, timeoutSeconds * 1000);
  try {
    return await Promise.race([execute(controller.signal), expired]);
  } finally {
    clearTimeout(deadline);
    callerSignal.removeEventListener('abort', forward);
  }
}
