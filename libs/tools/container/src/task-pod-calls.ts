import type { JsonObject } from '#app/contracts';
import type { ToolErrorResult } from '#app/tool-registry';

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
