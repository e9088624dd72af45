import type { JsonObject, LogLine } from '#app/contracts';
import type { ToolErrorResult, ToolResult } from '#app/tool-registry';
import { type ProgramRun, type ProgramRunner, jsonArtifact, textArtifact } from '#app/tooling';
import type { ContainerCli } from './container-cli.js';
import type { SessionTaskPods } from './session-task-pods.js';
import type { KubeOutcome } from './task-pod-calls.js';

export type ContainerVerb = 'ps' | 'logs' | 'run' | 'exec';

/** What a tool made of one real runtime call. */
export type RuntimeOutcome =
  | { kind: 'done'; output: JsonObject; text: string; error?: ToolErrorResult }
  /** The runtime itself failed (not the container's own command): strict fails, else simulated. */
  | { kind: 'runtime_failed'; run: ProgramRun };

/** One `container.*` verb, described for both runtimes (see `ContainerRuntime`). */
export interface ContainerCall {
  verb: ContainerVerb;
  strict: boolean;
  /** Per-command deadline of the runtime commands. */
  timeoutMs: number;
  outputCapBytes?: number;
  attempt(runtime: ContainerCli, programs: ProgramRunner): Promise<RuntimeOutcome>;
  /** CATALOG.md 3.12 / 18 synthetic result (runtime `synthetic`, `simulated: true`, exit 0). */
  synthetic(): { output: JsonObject; text: string };
  /** Kubernetes sessions: the same verb on this session's task pods (runtime `k8s`). */
  kubernetes(pods: SessionTaskPods): Promise<KubeOutcome>;
}

export const RUNTIME_NOT_AVAILABLE = 'container runtime not available';

/** The result of one call: output plus the `container-<verb>-report.json` (and output text) artifacts. */
export function containerReport(
  verb: ContainerVerb,
  output: JsonObject,
  text: string,
  logs: LogLine[],
  error?: ToolErrorResult,
): ToolResult {
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
  return run.truncated && run.output.endsWith(marker)
    ? run.output.slice(0, -marker.length)
    : run.output;
}
