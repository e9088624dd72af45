/** Loosely typed Kubernetes object: the fake stores what it was sent. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type KubeObject = Record<string, any>;

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body?: KubeObject;
}

/**
 * What a created pod turns into once `readyAfterMs` has passed. `{ exitCode }` is a finished
 * container-run pod (`Succeeded` for 0, else `Failed`) whose `task` container terminated with it.
 */
export type PodBehaviour = 'ready' | 'never-ready' | 'fail' | { exitCode: number };
