import { Body, Controller, Delete, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Session } from '#app/contracts';
import { parseJsonObjectBody } from '#app/http';
import { JsonLogger } from '#app/observability';
import {
  ApiErrorResponses,
  ApiJsonBody,
  ApiPathParam,
  ApiSummary,
  errorSchemaFor,
  schemaRef,
} from '#app/openapi';
import { CurrentSession, SessionAccessGuard } from '#app/sessions';
import { McpSessions } from './mcp-sessions.js';

/**
 * API.md 5.24: the MCP Streamable HTTP endpoint of a session. The guard makes authentication,
 * 404/403 and placement identical to the other session routes; the body limits of 1.2 apply before
 * the SDK sees anything; then the raw request and response belong to the SDK transport. No GET
 * route: the server offers no standalone SSE stream, so GET answers 405 like any unrouted method.
 */
/**
 * 400 and 404 come either from the session guard and body limits (the envelope of API.md 3.1) or,
 * past them, from the MCP SDK (a JSON-RPC error message).
 */
const ENVELOPE_OR_JSON_RPC = (status: 400 | 404, description: string): MethodDecorator =>
  ApiResponse({
    status,
    description,
    content: {
      'application/json': { schema: { anyOf: [errorSchemaFor(status), schemaRef('McpMessage')] } },
    },
  });
const JSON_RPC = (status: number, description: string): MethodDecorator =>
  ApiResponse({
    status,
    description,
    content: { 'application/json': { schema: schemaRef('McpMessage') } },
  });

@Controller('v1/sessions/:session_id/mcp')
@UseGuards(SessionAccessGuard)
@ApiPathParam('session_id', 'The session id')
@ApiHeader({
  name: 'Mcp-Session-Id',
  required: false,
  description: 'The MCP session (absent on initialize, required afterwards)',
})
@ApiErrorResponses(401, 403, 405, 503)
export class McpController {
  constructor(
    private readonly sessions: McpSessions,
    private readonly logger: JsonLogger,
  ) {}

  // No @HttpCode: the SDK writes the status (200 SSE, 202, 400, 404, 406, 415) itself.
  @Post()
  @ApiSummary(
    'MCP Streamable HTTP endpoint (API.md 5.24): one JSON-RPC message; requests answer JSON or an SSE stream, notifications and responses 202',
  )
  @ApiJsonBody('McpMessage')
  @ApiResponse({
    status: 200,
    description:
      'A request: its JSON-RPC answer, as JSON (MCP sessions that cannot elicit) or as an SSE stream carrying it (sessions that may elicit)',
    content: {
      'application/json': { schema: schemaRef('McpMessage') },
      'text/event-stream': { schema: { type: 'string' } },
    },
  })
  @ApiResponse({ status: 202, description: 'A notification or response: accepted, no body' })
  @ENVELOPE_OR_JSON_RPC(400, 'Bad body (envelope) or bad JSON-RPC / missing MCP session (SDK)')
  @ENVELOPE_OR_JSON_RPC(
    404,
    'Unknown workspace session (envelope) or MCP session (JSON-RPC -32001)',
  )
  @JSON_RPC(406, 'The request does not accept application/json and text/event-stream')
  @JSON_RPC(415, 'The request body is not application/json')
  @ApiErrorResponses(413)
  async post(
    @CurrentSession() session: Session,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Body() body: unknown,
  ): Promise<void> {
    const message = parseJsonObjectBody(body); // 413 / 400 envelopes, before the hijack
    await this.serve(session, request, reply, message);
  }

  @Delete()
  @ApiSummary('Close the MCP session named by the Mcp-Session-Id header (API.md 5.24)')
  @ApiResponse({ status: 200, description: 'Closed' })
  @ENVELOPE_OR_JSON_RPC(400, 'No Mcp-Session-Id header (SDK)')
  @ENVELOPE_OR_JSON_RPC(
    404,
    'Unknown workspace session (envelope) or MCP session (JSON-RPC -32001)',
  )
  async close(
    @CurrentSession() session: Session,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.serve(session, request, reply, undefined);
  }

  private async serve(
    session: Session,
    request: FastifyRequest,
    reply: FastifyReply,
    body: Parameters<McpSessions['handle']>[3],
  ): Promise<void> {
    reply.hijack(); // the SDK writes the response (JSON or an SSE stream) itself
    try {
      await this.sessions.handle(session, request.raw, reply.raw, body);
    } catch (error) {
      this.logger.write('error', 'mcp request failed', {
        error: error instanceof Error ? error.message : String(error),
      });
      if (!reply.raw.headersSent) {
        reply.raw.writeHead(500, { 'content-type': 'application/json' });
        reply.raw.end(
          JSON.stringify({
            jsonrpc: '2.0',
            error: { code: -32603, message: 'internal error' },
            id: null,
          }),
        );
      } else {
        reply.raw.end();
      }
    }
  }
}
