import { WorkspaceApiError } from './workspace-api-error.js';

/** An artifact's raw content (API.md 5.14), streamed. */
export interface ArtifactDownload {
  body: ReadableStream<Uint8Array>;
  contentType: string;
  sizeBytes?: number;
}

/** The download of a 200 answer: its body stream with the type and length its headers give. */
export function artifactDownloadOf(
  response: Response,
  body: ReadableStream<Uint8Array> | null,
): ArtifactDownload {
  if (body === null) {
    throw new WorkspaceApiError({
      status: response.status,
      code: 'http_error',
      message: 'artifact download has no body',
      retryable: false,
    });
  }
  const length = Number.parseInt(response.headers.get('content-length') ?? '', 10);
  return {
    body,
    contentType: response.headers.get('content-type') ?? 'application/octet-stream',
    ...(Number.isFinite(length) ? { sizeBytes: length } : {}),
  };
}
