import { Injectable } from '@nestjs/common';
import { AppException } from '#app/errors';
import type { ToolContext, ToolResult } from '#app/tool-registry';
import { ProgramRunner, commandFailedMessage } from '#app/tooling';
import { type ContainerCall, RUNTIME_NOT_AVAILABLE, containerReport } from './container-call.js';
import { detectContainerCli } from './container-cli.js';
import { ContainerRuntime } from './container-runtime.port.js';

/**
 * The local backend: detects the container CLI in the session per call, then either the real
 * call, or — when there is no CLI or the CLI itself fails — a strict `execution_failed` or the
 * synthetic result (CATALOG.md 18).
 */
@Injectable()
export class LocalContainerRuntime extends ContainerRuntime {
  override async runCall(ctx: ToolContext, call: ContainerCall): Promise<ToolResult> {
    // A pod session (a record from a kubernetes deployment) has no local runtime, and pods are
    // never simulated: fail rather than run or fake its containers on this host.
    if (ctx.session.runtime.kind === 'kubernetes') {
      throw new AppException('execution_failed', 'kubernetes client is not configured');
    }
    const programs = new ProgramRunner(ctx, {
      timeoutMs: call.timeoutMs,
      outputCapBytes: call.outputCapBytes,
    });
    const cli = await detectContainerCli(programs);
    if (cli === undefined) {
      if (call.strict) {
        throw new AppException('execution_failed', RUNTIME_NOT_AVAILABLE);
      }
      return simulated(call, programs);
    }
    const outcome = await call.attempt(cli, programs);
    if (outcome.kind === 'done') {
      return containerReport(call.verb, outcome.output, outcome.text, programs.logs, outcome.error);
    }
    const { run } = outcome;
    if (run.timed_out) {
      return {
        logs: programs.logs,
        exit_code: run.exit_code,
        error: { code: 'timeout', message: `command timed out: ${cli}`, retryable: true },
      };
    }
    if (call.strict) {
      const message =
        run.start_error === undefined ? commandFailedMessage(run) : `command not available: ${cli}`;
      return {
        logs: programs.logs,
        exit_code: run.exit_code,
        error: { code: 'execution_failed', message, retryable: false },
      };
    }
    return simulated(call, programs);
  }
}

function simulated(call: ContainerCall, programs: ProgramRunner): ToolResult {
  const { output, text } = call.synthetic();
  return containerReport(
    call.verb,
    { runtime: 'synthetic', simulated: true, ...output, exit_code: 0 },
    text,
    programs.logs,
  );
}
