import type { ErrorBody } from './error-codes.js';
import type { JsonValue } from './json.js';

export type InvocationStatus = 'running' | 'succeeded' | 'failed' | 'denied';

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

/** API.md 2.4 */
export interface Invocation {
  id: string;
  session_id: string;
  tool_name: string;
  correlation_id?: string;
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
}
