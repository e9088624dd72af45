import {
  buildTaskPod,
  isSessionTaskPod,
  type TaskPodRequest,
  taskPodName,
  taskPodSelector,
} from './task-pod.builder.js';

const request: TaskPodRequest = {
  sessionId: 'Session-ABC',
  tenantId: 'Acme',
  namespace: 'ns',
  imageRef: 'alpine:3.20',
  command: [],
  env: {},
  createdAt: '2030-01-01T00:00:00.000Z',
};

describe('task pod builder', () => {
  it('should name the pod after the session when no name is given and stay stable for the same inputs', () => {
    expect(taskPodName(request)).toMatch(/^ws-ctr-session-abc-[0-9a-f]{6}$/);
    expect(taskPodName(request)).toBe(taskPodName({ ...request }));
    expect(taskPodName({ ...request, createdAt: '2030-01-01T00:00:01.000Z' })).not.toBe(
      taskPodName(request),
    );
  });

  it('should keep the base within 55 characters and add a numeric suffix within 63 after a collision', () => {
    const long = { ...request, name: 'A'.repeat(80) };
    const first = taskPodName(long);
    expect(first).toMatch(/^ws-ctr-a{48}-[0-9a-f]{6}$/);
    expect(first.length).toBe(62);
    const retry = taskPodName(long, 1);
    expect(retry).toMatch(/^ws-ctr-a+-[0-9a-f]{6}-2$/);
    expect(retry.length).toBeLessThanOrEqual(63);
    expect(retry.startsWith(first.slice(0, 40))).toBe(true);
  });

  it('should never mount a service-account token and use the runner service account only when one is set', () => {
    const plain = buildTaskPod(request, {
      runAsUser: 1000,
      runAsGroup: 1000,
      fsGroup: 1000,
      readOnlyRootFs: false,
    });
    const named = buildTaskPod(request, {
      runAsUser: 1000,
      runAsGroup: 1000,
      fsGroup: 1000,
      readOnlyRootFs: false,
      serviceAccountName: 'workspace-runner',
    });

    expect(plain.spec?.automountServiceAccountToken).toBe(false);
    expect(plain.spec).not.toHaveProperty('serviceAccountName');
    expect(named.spec?.automountServiceAccountToken).toBe(false);
    expect(named.spec?.serviceAccountName).toBe('workspace-runner');
  });

  it('should omit the command when none is requested and recognise only this session task pods', () => {
    const pod = buildTaskPod(request, {
      runAsUser: 2000,
      runAsGroup: 2001,
      fsGroup: 2002,
      readOnlyRootFs: true,
    });
    expect(pod.spec?.containers[0]).not.toHaveProperty('command');
    expect(pod.spec?.containers[0]?.securityContext).toMatchObject({
      runAsUser: 2000,
      runAsGroup: 2001,
      readOnlyRootFilesystem: true,
    });
    expect(pod.spec?.securityContext).toMatchObject({ fsGroup: 2002 });
    expect(isSessionTaskPod(pod, 'Session-ABC')).toBe(true);
    expect(isSessionTaskPod(pod, 'other')).toBe(false);
    expect(taskPodSelector('Session-ABC')).toBe(
      'app=workspace-container-run,workspace_session_id=session-abc',
    );
  });
});
