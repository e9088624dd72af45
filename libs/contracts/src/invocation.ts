import type { ErrorBody } from './error-codes.js';
import type { JsonValue } from './json.js';

export type InvocationStatus = 'running' | 'succeeded' | 'failed' | 'denied' | 'cancelled';

/** API.md 2.5 */
export interface LogLine {
  at: string;
  channel: string;
  message: string;
}

/** API.md 2.6 — never carries a server path. */
export interface Artifact {
  id: string;
  name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  created_at: string;
  download_path: string;
}

/** One tool artifact the quotas kept out of the artifact store (API.md 2.4, 10.3). */
export interface DroppedArtifact {
  /** Sanitised as a stored name would be (API.md 9.4). */
  name: string;
  size_bytes: number;
}

/**
 * What the quotas cut from a result before it was stored (API.md 2.4, 10.3); present only when
 * something was cut. Byte counts are those of the stored forms (compact JSON output, NDJSON logs).
 */
export interface InvocationTruncation {
  output_bytes_dropped: number;
  logs_bytes_dropped: number;
  logs_lines_dropped: number;
  artifacts_dropped_count: number;
  /** The first {@link MAX_LISTED_DROPPED_ARTIFACTS} dropped artifacts, in the order returned. */
  artifacts_dropped: DroppedArtifact[];
}

/** Bounds the record itself: a tool returning thousands of artifacts gets a short list. */
export const MAX_LISTED_DROPPED_ARTIFACTS = 20;

/** API.md 2.4 */
export interface Invocation {
  id: string;
  session_id: string;
  tool_name: string;
  correlation_id?: string;
  /** Present (true) only when started with `"async": true` (API.md 5.10). */
  async?: boolean;
  status: InvocationStatus;
  started_at: string;
  completed_at?: string;
  duration_ms: number;
  trace_name: string;
  span_name: string;
  exit_code: number;
  output?: JsonValue;
  output_ref?: string;
  logs: LogLine[];
  logs_ref?: string;
  artifacts: Artifact[];
  error?: ErrorBody;
  truncation?: InvocationTruncation;
}
