import type { JsonObject } from '#app/contracts';

/** CATALOG.md 18 `container.logs` output, the same shape for every runtime. */
export function containerLogsOutput(
  runtime: string,
  simulated: boolean,
  containerId: string,
  logs: string,
  truncated: boolean,
  summary: string,
): JsonObject {
  const lines = logs.split('\n');
  const lineCount = logs === '' ? 0 : logs.endsWith('\n') ? lines.length - 1 : lines.length;
  return {
    runtime,
    simulated,
    container_id: containerId,
    bytes: Buffer.byteLength(logs, 'utf8'),
    line_count: lineCount,
    truncated,
    logs,
    exit_code: 0,
    summary,
  };
}
