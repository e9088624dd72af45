import type { V1Pod } from '@kubernetes/client-node';
import type { ExecResult, JsonObject } from '#app/contracts';
import { containerLogsOutput } from './container-logs-output.js';
import type { KubeExecRequest, KubeOutcome, KubePsRequest } from './task-pod-calls.js';
import { isSessionTaskPod, TASK_CONTAINER } from './task-pod.builder.js';

const OUTPUT_MARKER = '\n[output truncated]';

/** CATALOG.md 18 `container.ps` over the namespace's pods: this session's task pods only. */
export function psOutcome(pods: V1Pod[], sessionId: string, request: KubePsRequest): KubeOutcome {
  const filter = request.nameFilter?.toLowerCase();
  const found = pods
    .filter((pod) => isSessionTaskPod(pod, sessionId))
    .filter((pod) => request.all || pod.status?.phase === 'Running')
    .map((pod) => {
      const name = pod.metadata?.name ?? '';
      const image =
        pod.spec?.containers.find((container) => container.name === TASK_CONTAINER)?.image ?? '';
      return { id: name, image, name, status: (pod.status?.phase ?? 'unknown').toLowerCase() };
    })
    .filter((entry) => filter === undefined || entry.name.toLowerCase().includes(filter))
    .sort((left, right) => (left.id < right.id ? -1 : left.id > right.id ? 1 : 0));
  const containers = found.slice(0, request.limit);
  const output: JsonObject = {
    runtime: 'k8s',
    simulated: false,
    count: containers.length,
    truncated: found.length > request.limit,
    containers: containers.map((entry) => ({ ...entry })),
    exit_code: 0,
    summary: `${containers.length} container${containers.length === 1 ? '' : 's'} listed`,
  };
  return {
    output,
    text: containers
      .map((entry) => `${entry.id}\t${entry.image}\t${entry.name}\t${entry.status}\n`)
      .join(''),
  };
}

/** CATALOG.md 18 `container.logs` from a log read with one byte more than `maxBytes`. */
export function logsOutcome(podName: string, raw: string, maxBytes: number): KubeOutcome {
  const bytes = Buffer.from(String(raw), 'utf8');
  const truncated = bytes.length > maxBytes;
  const logs = truncated ? bytes.subarray(0, maxBytes).toString('utf8') : bytes.toString('utf8');
  return {
    output: { ...logsOutput(podName, logs, truncated), source: 'k8s_sdk' },
    text: logs,
  };
}

/** CATALOG.md 18 `container.logs` output of a task pod. */
export function logsOutput(containerId: string, logs: string, truncated: boolean): JsonObject {
  return containerLogsOutput(
    'k8s',
    false,
    containerId,
    logs,
    truncated,
    'container logs collected',
  );
}

/** CATALOG.md 18 `container.exec` from the pod exec's result (timed out, failed or completed). */
export function execOutcome(request: KubeExecRequest, result: ExecResult): KubeOutcome {
  const text =
    result.truncated && result.output.endsWith(OUTPUT_MARKER)
      ? result.output.slice(0, -OUTPUT_MARKER.length)
      : result.output;
  const base: JsonObject = {
    runtime: 'k8s',
    simulated: false,
    container_id: request.podName,
    command: request.command,
    timeout_seconds: request.timeoutSeconds,
  };
  if (result.timed_out) {
    return {
      output: {
        ...base,
        exit_code: result.exit_code,
        output: text,
        truncated: result.truncated,
        summary: 'container exec timed out',
      },
      text,
      error: {
        code: 'timeout',
        message: `container exec timed out after ${request.timeoutSeconds}s`,
        retryable: true,
      },
    };
  }
  const failed = result.exit_code !== 0;
  const output: JsonObject = {
    ...base,
    exit_code: result.exit_code,
    output: text,
    truncated: result.truncated,
    summary: failed ? `command exited with code ${result.exit_code}` : 'command completed',
  };
  if (!failed) {
    return { output, text };
  }
  const tail = text.trim();
  const message =
    tail === ''
      ? `command failed: exit code ${result.exit_code}`
      : `command failed: ${tail.slice(-2000)}`;
  return { output, text, error: { code: 'execution_failed', message, retryable: false } };
}
