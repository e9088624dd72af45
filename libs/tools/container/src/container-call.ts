import type { JsonObject, LogLine } from '#app/contracts';
import { AppException } from '#app/errors';
import type { ToolContext, ToolErrorResult, ToolResult } from '#app/tool-registry';
import { ProgramRunner, type ProgramRun, commandFailedMessage, jsonArtifact, textArtifact } from '#app/tooling';
import { type ContainerRuntime, detectRuntime } from './container-runtime.js';
import { type ContainerTaskPods, kubeApiFailure } from './container-task-pods.js';
import type { KubeOutcome, KubernetesContainerRuntime } from './kubernetes-container-runtime.js';

export type ContainerVerb = 'ps' | 'logs' | 'run' | 'exec';

/** What a tool made of one real runtime call. */
export type RuntimeOutcome =
  | { kind: 'done'; output: JsonObject; text: string; error?: ToolErrorResult }
  /** The runtime itself failed (not the container's own command): strict fails, else simulated. */
  | { kind: 'runtime_failed'; run: ProgramRun };

export interface ContainerCall {
  verb: ContainerVerb;
  strict: boolean;
  /** Per-command deadline of the runtime commands. */
  timeoutMs: number;
  outputCapBytes?: number;
  attempt(runtime: ContainerRuntime, programs: ProgramRunner): Promise<RuntimeOutcome>;
  /** CATALOG.md 3.12 / 18 synthetic result (runtime `synthetic`, `simulated: true`, exit 0). */
  synthetic(): { output: JsonObject; text: string };
  /** Kubernetes sessions: the same verb on this session's task pods (runtime `k8s`). */
  kubernetes(pods: KubernetesContainerRuntime): Promise<KubeOutcome>;
}

export const RUNTIME_NOT_AVAILABLE = 'container runtime not available';

/**
 * Runs one `container.*` call (CATALOG.md 18). Kubernetes sessions use task pods through the
 * service's client and never simulate, strict or not. Local sessions detect the runtime, then
 * either the real call, or — when there is no runtime or the runtime fails — a strict
 * `execution_failed` or the synthetic result. Input checks happen before this, in the tool.
 */
export async function runContainerCall(ctx: ToolContext, taskPods: ContainerTaskPods, call: ContainerCall): Promise<ToolResult> {
  if (ctx.session.runtime.kind === 'kubernetes') {
    let outcome: KubeOutcome;
    try {
      outcome = await call.kubernetes(taskPods.open(ctx));
    } catch (error) {
      throw kubeApiFailure(error);
    }
    return report(call.verb, outcome.output, outcome.text, [], outcome.error);
  }
  const programs = new ProgramRunner(ctx, { timeoutMs: call.timeoutMs, outputCapBytes: call.outputCapBytes });
  const runtime = await detectRuntime(programs);
  if (runtime === undefined) {
    if (call.strict) {
      throw new AppException('execution_failed', RUNTIME_NOT_AVAILABLE);
    }
    return simulated(call, programs);
  }
  const outcome = await call.attempt(runtime, programs);
  if (outcome.kind === 'done') {
    return report(call.verb, outcome.output, outcome.text, programs.logs, outcome.error);
  }
  const { run } = outcome;
  if (run.timed_out) {
    return { logs: programs.logs, exit_code: run.exit_code, error: { code: 'timeout', message: `command timed out: ${runtime}`, retryable: true } };
  }
  if (call.strict) {
    const message = run.start_error === undefined ? commandFailedMessage(run) : `command not available: ${runtime}`;
    return { logs: programs.logs, exit_code: run.exit_code, error: { code: 'execution_failed', message, retryable: false } };
  }
  return simulated(call, programs);
}

function simulated(call: ContainerCall, programs: ProgramRunner): ToolResult {
  const { output, text } = call.synthetic();
  return report(call.verb, { runtime: 'synthetic', simulated: true, ...output, exit_code: 0 }, text, programs.logs);
}

function report(verb: ContainerVerb, output: JsonObject, text: string, logs: LogLine[], error?: ToolErrorResult): ToolResult {
  const exitCode = typeof output['exit_code'] === 'number' ? output['exit_code'] : 0;
  return {
    output,
    logs,
    exit_code: exitCode,
    artifacts: [
      jsonArtifact(`container-${verb}-report.json`, output),
      ...(text === '' ? [] : [textArtifact(`container-${verb}-output.txt`, text)]),
    ],
    ...(error === undefined ? {} : { error }),
  };
}

// podman, docker and nerdctl all exit 125 when the runtime itself (not the container) failed.
const RUNTIME_ERROR_STATUS = 125;

/** A run that could not start, timed out or exited with the runtime's own error status (125). */
export function isRuntimeFailure(run: ProgramRun): boolean {
  return run.start_error !== undefined || run.timed_out || run.exit_code === RUNTIME_ERROR_STATUS;
}

/** The capped output without the runner's truncation marker. */
export function withoutMarker(run: ProgramRun): string {
  const marker = '\n[output truncated]';
  return run.truncated && run.output.endsWith(marker) ? run.output.slice(0, -marker.length) : run.output;
}
