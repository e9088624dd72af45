import type { JsonObject } from '#app/contracts';
import { AppException } from '#app/errors';
import { buildPodExecCommand, execInPod, ignoreNotFound, type KubeClient } from '#app/kubernetes';
import type {
  KubeExecRequest,
  KubeLogsRequest,
  KubeOutcome,
  KubePsRequest,
  KubeRunRequest,
} from './task-pod-calls.js';
import {
  createTaskPod,
  DEFAULT_TIMINGS,
  readSessionPod,
  type TaskPodSession,
  type TaskPodTimings,
  waitForPhase,
} from './task-pod-lifecycle.js';
import { execOutcome, logsOutcome, psOutcome } from './task-pod-outputs.js';
import { failureReason, phaseOf, terminatedExitCode } from './task-pod-status.js';
import { TASK_CONTAINER, type TaskPodRequest, taskPodSelector } from './task-pod.builder.js';

export const POD_NOT_RUNNING = 'container pod is not running';

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
    return psOutcome(list.items, this.session.sessionId, request);
  }

  async logs(request: KubeLogsRequest): Promise<KubeOutcome> {
    await readSessionPod(this.client, this.session, request.podName);
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
    return logsOutcome(request.podName, raw, request.maxBytes);
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
    const podName = await createTaskPod(this.client, this.session, podRequest);
    let pod = await waitForPhase(this.client, this.session, this.timings, {
      name: podName,
      phases: ['Running', 'Succeeded', 'Failed'],
      timeoutMs: this.timings.startTimeoutMs,
      what: 'start',
    });
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
    pod = await waitForPhase(this.client, this.session, this.timings, {
      name: podName,
      phases: ['Succeeded', 'Failed'],
      timeoutMs: this.timings.finishTimeoutMs,
      what: 'finish',
    });
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
    const pod = await readSessionPod(this.client, this.session, request.podName);
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
    return execOutcome(request, result);
  }
}
