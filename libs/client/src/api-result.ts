import { WorkspaceApiError } from './workspace-api-error.js';

/** The success data of an openapi-fetch result, or the WorkspaceApiError its answer stands for. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (!result.response.ok || result.data === undefined) {
    throw WorkspaceApiError.fromResponse(result.response, result.error);
  }
  return result.data;
}
