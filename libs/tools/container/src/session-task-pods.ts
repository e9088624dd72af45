import type { V1Pod } from '@kubernetes/client-node';
import type { JsonObject } from '#app/contracts';
import { AppException } from '#app/errors';
import type { ToolErrorResult } from '#app/tool-registry';
import {
  buildPodExecCommand,
  execInPod,
  ignoreNotFound,
  isConflict,
  isNotFound,
  type KubeClient,
} from '#app/kubernetes';
import {
  buildTaskPod,
  isSessionTaskPod,
  TASK_CONTAINER,
  type TaskPodRequest,
  type TaskPodSecurity,
  taskPodSelector,
} from './task-pod.builder.js';

/** What one `container.*` call produced in a kubernetes session. */
export interface KubeOutcome {
  output: JsonObject;
  text: string;
  error?: ToolErrorResult;
}

export interface KubePsRequest {
  all: boolean;
  limit: number;
  nameFilter?: string;
}

export interface KubeLogsRequest {
  podName: string;
  tailLines: number;
  sinceSeconds: number;
  timestamps: boolean;
  maxBytes: number;
}

export interface KubeRunRequest {
  imageRef: string;
  command: string[];
  env: Record<string, string>;
  name?: string;
  detach: boolean;
  remove: boolean;
}

export interface KubeExecRequest {
  podName: string;
  command: string[];
  /** As requested (reported in the output). */
  timeoutSeconds: number;
  /** The effective deadline: the smaller of the request and the capability deadline. */
  timeoutMs: number;
  maxOutputBytes: number;
}

export interface TaskPodSession {
  sessionId: string;
  tenantId: string;
  namespace: string;
  security: TaskPodSecurity;
  signal: AbortSignal;
}

export interface TaskPodTimings {
  pollMs: number;
  startTimeoutMs: number;
  finishTimeoutMs: number;
}

export const DEFAULT_TIMINGS: TaskPodTimings = {
  pollMs: 1000,
  startTimeoutMs: 30_000,
  finishTimeoutMs: 120_000,
};
export const POD_NOT_FOUND = 'container pod not found';
export const POD_NOT_RUNNING = 'container pod is not running';
const MAX_NAME_ATTEMPTS = 5;
const OUTPUT_MARKER = '\n[output truncated]';

/**
 * CATALOG.md 18 "Kubernetes task pods": `container.*` for one kubernetes session through the
 * service's own client (runtime `k8s`). Never simulates; API errors propagate to the caller.
 */
export class SessionTaskPods {
  constructor(
    private readonly client: KubeClient,
    private readonly session: TaskPodSession,
    private readonly timings: TaskPodTimings = DEFAULT_TIMINGS,
  ) {}

  async ps(request: KubePsRequest): Promise<KubeOutcome> {
    const list = await this.client.core.listNamespacedPod({
      namespace: this.session.namespace,
      labelSelector: taskPodSelector(this.session.sessionId),
    });
    const filter = request.nameFilter?.toLowerCase();
    const found = list.items
      .filter((pod) => isSessionTaskPod(pod, this.session.sessionId))
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

  async logs(request: KubeLogsRequest): Promise<KubeOutcome> {
    await this.sessionPod(request.podName);
    const raw = await this.client.core.readNamespacedPodLog({
      name: request.podName,
      namespace: this.session.namespace,
      container: TASK_CONTAINER,
      tailLines: request.tailLines,
      ...(request.sinceSeconds > 0 ? { sinceSeconds: request.sinceSeconds } : {}),
      timestamps: request.timestamps,
      // One byte more than the cap tells whether the log was cut.
      limitBytes: request.maxBytes + 1,
    });
    const bytes = Buffer.from(String(raw), 'utf8');
    const truncated = bytes.length > request.maxBytes;
    const logs = truncated
      ? bytes.subarray(0, request.maxBytes).toString('utf8')
      : bytes.toString('utf8');
    return {
      output: { ...logsOutput(request.podName, logs, truncated), source: 'k8s_sdk' },
      text: logs,
    };
  }

  async run(request: KubeRunRequest): Promise<KubeOutcome> {
    const podRequest: TaskPodRequest = {
      sessionId: this.session.sessionId,
      tenantId: this.session.tenantId,
      namespace: this.session.namespace,
      imageRef: request.imageRef,
      command: request.command,
      env: request.env,
      ...(request.name === undefined ? {} : { name: request.name }),
      createdAt: new Date().toISOString(),
    };
    const podName = await this.createTaskPod(podRequest);
    let pod = await this.waitForPhase(
      podName,
      ['Running', 'Succeeded', 'Failed'],
      this.timings.startTimeoutMs,
      'start',
    );
    if (request.detach && pod.status?.phase === 'Failed') {
      throw new AppException('execution_failed', `container pod failed: ${failureReason(pod)}`);
    }
    const described: JsonObject = {
      runtime: 'k8s',
      simulated: false,
      container_id: podName,
      name: request.name ?? '',
      image_ref: request.imageRef,
      command: request.command,
    };
    if (request.detach) {
      return {
        output: {
          ...described,
          status: phaseOf(pod),
          exit_code: 0,
          summary: 'container started',
          pod_name: podName,
          namespace: this.session.namespace,
        },
        text: '',
      };
    }
    pod = await this.waitForPhase(
      podName,
      ['Succeeded', 'Failed'],
      this.timings.finishTimeoutMs,
      'finish',
    );
    const exitCode = terminatedExitCode(pod);
    if (exitCode === undefined) {
      throw new AppException('execution_failed', `container pod failed: ${failureReason(pod)}`);
    }
    if (request.remove) {
      await ignoreNotFound(
        this.client.core.deleteNamespacedPod({ name: podName, namespace: this.session.namespace }),
      );
    }
    const output: JsonObject = {
      ...described,
      status: phaseOf(pod),
      exit_code: exitCode,
      summary: `container exited with code ${exitCode}`,
      pod_name: podName,
      namespace: this.session.namespace,
    };
    return { output, text: '' };
  }

  async exec(request: KubeExecRequest): Promise<KubeOutcome> {
    const pod = await this.sessionPod(request.podName);
    if (pod.status?.phase !== 'Running') {
      throw new AppException('execution_failed', POD_NOT_RUNNING);
    }
    const [program = '', ...args] = request.command;
    const result = await execInPod(
      this.client,
      { namespace: this.session.namespace, pod: request.podName, container: TASK_CONTAINER },
      {
        argv: buildPodExecCommand('/', program, args),
        timeoutMs: request.timeoutMs,
        outputCapBytes: request.maxOutputBytes,
        signal: this.session.signal,
      },
    );
    if (result.start_error !== undefined && !result.timed_out) {
      throw new AppException('execution_failed', result.start_error, { retryable: true });
    }
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

  /** The named pod when it is one of this session's task pods; anything else is `not_found`. */
  private async sessionPod(name: string): Promise<V1Pod> {
    let pod: V1Pod;
    try {
      pod = await this.client.core.readNamespacedPod({ name, namespace: this.session.namespace });
    } catch (error) {
      if (isNotFound(error)) {
        throw new AppException('not_found', POD_NOT_FOUND);
      }
      throw error;
    }
    if (!isSessionTaskPod(pod, this.session.sessionId)) {
      throw new AppException('not_found', POD_NOT_FOUND);
    }
    return pod;
  }

  private async createTaskPod(request: TaskPodRequest): Promise<string> {
    for (let attempt = 0; ; attempt += 1) {
      const body = buildTaskPod(request, this.session.security, attempt);
      try {
        await this.client.core.createNamespacedPod({ namespace: this.session.namespace, body });
        return body.metadata?.name ?? '';
      } catch (error) {
        if (!isConflict(error) || attempt + 1 >= MAX_NAME_ATTEMPTS) {
          throw error;
        }
      }
    }
  }

  private async waitForPhase(
    name: string,
    phases: readonly string[],
    timeoutMs: number,
    what: 'start' | 'finish',
  ): Promise<V1Pod> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const pod = await this.client.core.readNamespacedPod({
        name,
        namespace: this.session.namespace,
      });
      if (phases.includes(pod.status?.phase ?? '')) {
        return pod;
      }
      if (Date.now() + this.timings.pollMs > deadline || this.session.signal.aborted) {
        throw new AppException(
          'timeout',
          `container pod did not ${what} within ${Math.round(timeoutMs / 1000)}s`,
        );
      }
      await sleep(this.timings.pollMs, this.session.signal);
    }
  }
}

function phaseOf(pod: V1Pod): string {
  return (pod.status?.phase ?? 'unknown').toLowerCase();
}

function terminatedExitCode(pod: V1Pod): number | undefined {
  const status = pod.status?.containerStatuses?.find((entry) => entry.name === TASK_CONTAINER);
  return status?.state?.terminated?.exitCode;
}

function failureReason(pod: V1Pod): string {
  const terminated = pod.status?.containerStatuses?.find((entry) => entry.name === TASK_CONTAINER)
    ?.state?.terminated;
  const waiting = pod.status?.containerStatuses?.find((entry) => entry.name === TASK_CONTAINER)
    ?.state?.waiting;
  const parts = [
    terminated?.reason ?? waiting?.reason ?? pod.status?.reason,
    terminated?.message ?? waiting?.message ?? pod.status?.message,
  ];
  const reason = parts
    .filter((part): part is string => typeof part === 'string' && part !== '')
    .join(': ');
  return reason === '' ? `phase ${pod.status?.phase ?? 'unknown'}` : reason;
}

/** CATALOG.md 18 `container.logs` output (shared shape with the local runtimes). */
export function logsOutput(containerId: string, logs: string, truncated: boolean): JsonObject {
  const lines = logs.split('\n');
  const lineCount = logs === '' ? 0 : logs.endsWith('\n') ? lines.length - 1 : lines.length;
  return {
    runtime: 'k8s',
    simulated: false,
    container_id: containerId,
    bytes: Buffer.byteLength(logs, 'utf8'),
    line_count: lineCount,
    truncated,
    logs,
    exit_code: 0,
    summary: 'container logs collected',
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
