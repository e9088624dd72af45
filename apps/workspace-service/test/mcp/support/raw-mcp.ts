// Hand-written Streamable HTTP requests, for what the SDK client would not send or hides (raw
// headers, content types, session ids reused across workspace sessions).

export const PROTOCOL_VERSION = '2025-11-25';

/** A POST the transport accepts: JSON in, JSON or SSE out, plus the caller's (gateway) headers. */
export const postHeaders = (headers: Record<string, string>): Record<string, string> => ({
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  ...headers,
});

/** The headers that address an MCP session once `initialize` opened it. */
export const sessionHeaders = (mcpSessionId: string): Record<string, string> => ({
  'mcp-session-id': mcpSessionId,
  'mcp-protocol-version': PROTOCOL_VERSION,
});

/** The JSON-RPC `initialize` request (id 1) of a client named `clientName`. */
export const initializeBody = (clientName: string, capabilities: Record<string, unknown> = {}) =>
  JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: {
      protocolVersion: PROTOCOL_VERSION,
      capabilities,
      clientInfo: { name: clientName, version: '1' },
    },
  });

/** Opens an MCP session at `url` with a raw `initialize`; the response body is left unread. */
export const postInitialize = (
  url: string,
  headers: Record<string, string>,
  clientName: string,
  capabilities: Record<string, unknown> = {},
): Promise<Response> =>
  fetch(url, {
    method: 'POST',
    headers: postHeaders(headers),
    body: initializeBody(clientName, capabilities),
  });
