// The least an MCP server over Streamable HTTP can do for the mcp suite's call: node:http, JSON
// responses, one tool that reads the named file, no session state, validation, policy, record or
// log. It is not a server to run; it prices the transport, so the suite can show how close any
// MCP-over-HTTP server could come to the stdio reference server on this machine.
// Usage: node bench/lib/mcp-minimal-server.mjs <port>; prints "ready" once listening.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';

const port = Number(process.argv[2]);

async function answer(message) {
  if (message.method === 'initialize') {
    return {
      protocolVersion: message.params.protocolVersion,
      capabilities: { tools: {} },
      serverInfo: { name: 'wes-bench-minimal', version: '1' },
    };
  }
  if (message.method === 'tools/call') {
    const text = await readFile(message.params.arguments.path, 'utf8');
    return { content: [{ type: 'text', text }], structuredContent: { content: text } };
  }
  throw new Error(`unsupported method ${message.method}`);
}

const server = createServer((request, response) => {
  if (request.method !== 'POST') {
    // No server-initiated stream (GET) and nothing to end (DELETE): the spec allows 405.
    response.writeHead(405).end();
    return;
  }
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', async () => {
    const message = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (message.id === undefined) {
      response.writeHead(202).end();
      return;
    }
    let body;
    try {
      body = { jsonrpc: '2.0', id: message.id, result: await answer(message) };
    } catch (error) {
      body = { jsonrpc: '2.0', id: message.id, error: { code: -32603, message: error.message } };
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1', () => process.stdout.write('ready\n'));
