export type ToolArgs = Record<string, unknown>;

/** Options of invoke, explain and invokeAsync (API.md 5.10). */
export interface InvokeOptions {
  /** Flag approval mode: the human approved this call (7.3). */
  approved?: boolean;
  /** Request approval mode: the approved approval request this call uses (7.3). */
  approvalId?: string;
  /** Makes the call replayable: the same id answers the recorded outcome (6 B1). */
  correlationId?: string;
}

/** The JSON body of invoke and explain: the args plus only the options that were given. */
export function invokeBody(args: ToolArgs, options: InvokeOptions, async: boolean) {
  return {
    args,
    ...(async ? { async: true } : {}),
    ...(options.approved !== undefined ? { approved: options.approved } : {}),
    ...(options.approvalId !== undefined ? { approval_id: options.approvalId } : {}),
    ...(options.correlationId !== undefined ? { correlation_id: options.correlationId } : {}),
  };
}
