import { Body, Controller, Delete, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Session } from '#app/contracts';
import { parseJsonObjectBody } from '#app/http';
import { JsonLogger } from '#app/observability';
import { CurrentSession, SessionAccessGuard } from '#app/sessions';
import { McpSessions } from './mcp-sessions.js';

/**
 * API.md 5.24: the MCP Streamable HTTP endpoint of a session. The guard makes authentication,
 * 404/403 and placement identical to the other session routes; the body limits of 1.2 apply before
 * the SDK sees anything; then the raw request and response belong to the SDK transport. No GET
 * route: the server offers no standalone SSE stream, so GET answers 405 like any unrouted method.
 */
@Controller('v1/sessions/:session_id/mcp')
@UseGuards(SessionAccessGuard)
export class McpController {
  constructor(
    private readonly sessions: McpSessions,
    private readonly logger: JsonLogger,
  ) {}

  // No @HttpCode: the SDK writes the status (200 SSE, 202, 400, 404, 406, 415) itself.
  @Post()
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
