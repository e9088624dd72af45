import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema, type ElicitResult } from '@modelcontextprotocol/sdk/types.js';

export const TOKEN = 't0k3n';

/** The gateway headers of API.md 4.1 for one principal. */
export function gatewayHeaders(actor: string, roles = 'developer'): Record<string, string> {
  return {
    'X-Workspace-Auth-Token': TOKEN,
    'X-Workspace-Tenant-Id': 'acme',
    'X-Workspace-Actor-Id': actor,
    'X-Workspace-Roles': roles,
  };
}

export interface ElicitationLog {
  requests: Array<{ message: string; requestedSchema: unknown }>;
}

/**
 * The official SDK client over Streamable HTTP, sending the gateway headers on every request; with
 * `answer`, it declares elicitation and answers each `elicitation/create` with it.
 */
export async function connectClient(
  url: string,
  headers: Record<string, string>,
  answer?: ElicitResult,
): Promise<{ client: Client; elicitations: ElicitationLog }> {
  const elicitations: ElicitationLog = { requests: [] };
  const client = new Client(
    { name: 'wes-e2e', version: '1.0.0' },
    answer ? { capabilities: { elicitation: {} } } : {},
  );
  if (answer) {
    client.setRequestHandler(ElicitRequestSchema, (request) => {
      const params = request.params as { message: string; requestedSchema: unknown };
      elicitations.requests.push({
        message: params.message,
        requestedSchema: params.requestedSchema,
      });
      return answer;
    });
  }
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers },
  });
  await client.connect(transport);
  return { client, elicitations };
}
