import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Invocation, JsonObject, JsonValue } from '#app/contracts';
import { AppException } from '#app/errors';

/** `_meta` key of every `tools/call` result that has an invocation record (API.md 5.24). */
export const INVOCATION_ID_META = 'workspace/invocation_id';
/** `_meta` key of a tool error: the stable code of API.md 3.2. */
export const ERROR_CODE_META = 'workspace/error_code';
/** `_meta` key of an `approval_required` tool error that names an approval request (request mode). */
export const APPROVAL_REQUEST_META = 'workspace/approval_request';

/**
 * A succeeded record as an MCP result: `structuredContent` is the output when it is a JSON object
 * (what an object `outputSchema` describes), else `{"output": value}`; one text block with the
 * output's JSON for clients that only read text.
 */
export function successResult(invocation: Invocation): CallToolResult {
  const output: JsonValue = invocation.output ?? null;
  return {
    content: [{ type: 'text', text: JSON.stringify(output) }],
    structuredContent: isJsonObject(output) ? output : { output },
    _meta: { [INVOCATION_ID_META]: invocation.id },
  };
}

/**
 * A refusal or failure as a tool error (`isError: true`), never a JSON-RPC error: the text block is
 * the REST error envelope (`{"error":{code,message,retryable}}`, plus `invocation_id` and
 * `approval_request` when they exist). No `structuredContent`: clients validate it against the
 * tool's `outputSchema`, which describes the output, not an error.
 */
export function errorResult(exception: AppException): CallToolResult {
  const approvalRequest = approvalRequestOf(exception);
  const invocationId = exception.invocation?.id;
  const envelope = {
    error: exception.toBody(),
    ...(invocationId ? { invocation_id: invocationId } : {}),
    ...(approvalRequest ? { approval_request: approvalRequest } : {}),
  };
  return {
    isError: true,
    content: [{ type: 'text', text: JSON.stringify(envelope) }],
    _meta: {
      [ERROR_CODE_META]: exception.code,
      ...(invocationId ? { [INVOCATION_ID_META]: invocationId } : {}),
      ...(approvalRequest ? { [APPROVAL_REQUEST_META]: approvalRequest } : {}),
    },
  };
}

/**
 * The approval request an `approval_required` (or `policy_denied`) answer names (API.md 7.3,
 * request mode): the pipeline puts it among the error-body members (`details`) the REST filter
 * writes beside `error`, so the MCP answer copies exactly what the REST answer carries.
 */
function approvalRequestOf(exception: AppException): JsonObject | undefined {
  const candidate = exception.details['approval_request'];
  return isJsonObject(candidate) ? candidate : undefined;
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
