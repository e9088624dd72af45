import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import {
  type ClientCapabilities,
  type ElicitRequestFormParams,
  ElicitResultSchema,
  type ServerNotification,
  type ServerRequest,
} from '@modelcontextprotocol/sdk/types.js';
import type { Capability, JsonObject } from '#app/contracts';

export type McpRequestExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/**
 * How long the service waits for the human's answer to an approval elicitation; no answer counts
 * as no approval (API.md 5.24).
 */
export const APPROVAL_ELICITATION_TIMEOUT_MS = 300_000;

/** The arguments shown to the human are cut here so an elicitation stays readable. */
const MAX_ARGS_SHOWN = 4_000;

/** True when the client declared the form mode of elicitation (`{}` is form mode, MCP 2025-11-25). */
export function canElicit(capabilities: ClientCapabilities | undefined): boolean {
  const elicitation = capabilities?.elicitation;
  if (!elicitation) {
    return false;
  }
  // A client that lists only `url` mode cannot show our form.
  const modes = elicitation as Record<string, unknown>;
  return !('url' in modes) || 'form' in modes;
}

/** The form shown to the human: the tool, why it needs approval, and the exact arguments. */
export function approvalElicitation(
  capability: Capability,
  toolName: string,
  args: JsonObject,
): ElicitRequestFormParams {
  const shown = JSON.stringify(args, null, 2);
  const argsText =
    shown.length > MAX_ARGS_SHOWN ? `${shown.slice(0, MAX_ARGS_SHOWN)}\n… (truncated)` : shown;
  return {
    message:
      `The agent asks to run ${toolName} (${capability.side_effects} side effects, ` +
      `${capability.risk_level} risk), which requires explicit approval.\n` +
      `${capability.description}\nArguments:\n${argsText}`,
    requestedSchema: {
      type: 'object',
      properties: {
        approve: {
          type: 'boolean',
          title: `Approve ${toolName}`,
          description: 'Run this tool call with these arguments',
        },
      },
      required: ['approve'],
    },
  };
}

/**
 * Sends `elicitation/create` on the stream of the `tools/call` being answered and returns true only
 * for `accept` with `approve: true`. Decline, cancel, a timeout or any failure is no approval.
 */
export async function askForApproval(
  extra: McpRequestExtra,
  params: ElicitRequestFormParams,
): Promise<boolean> {
  try {
    const result = await extra.sendRequest(
      { method: 'elicitation/create', params },
      ElicitResultSchema,
      { timeout: APPROVAL_ELICITATION_TIMEOUT_MS },
    );
    return result.action === 'accept' && result.content?.['approve'] === true;
  } catch {
    return false; // fail closed: the call runs unapproved and is denied with approval_required
  }
}
