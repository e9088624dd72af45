import { Body, Controller, Delete, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { CurrentPrincipal } from '#app/auth';
import type { Principal, Session } from '#app/contracts';
import { parseJsonObjectBody } from '#app/http';
import {
  ApiErrorResponses,
  ApiJsonBody,
  ApiJsonResponse,
  ApiPathParam,
  ApiSummary,
  envelope,
  schemaRef,
} from '#app/openapi';
import { CurrentSession } from './current-session.decorator.js';
import { parseCreateSession } from './create-session.request.js';
import { parseRenewSession } from './renew-session.request.js';
import { parseForkSession } from './fork-session.request.js';
import { IdempotentForUnknownSession } from './idempotent-for-unknown-session.decorator.js';
import { SessionAccessGuard } from './session-access.guard.js';
import { SessionService } from './session.service.js';

const SESSION = envelope('session', schemaRef('Session'));
const SESSION_ID = (): MethodDecorator => ApiPathParam('session_id', 'The session id');

@Controller('v1/sessions')
@ApiErrorResponses(405)
export class SessionsController {
  constructor(private readonly sessions: SessionService) {}

  @Post()
  @HttpCode(201)
  @ApiSummary('Create a session (API.md 5.6)')
  @ApiJsonBody('CreateSessionRequest')
  @ApiJsonResponse(201, SESSION, 'Created')
  @ApiErrorResponses(400, 401, 403, 409, 413, 500, 503)
  async create(
    // Trusted mode: the authenticated principal only, never the body's (401 if there is none).
    @CurrentPrincipal() principal: Principal | null,
    @Body() body: unknown,
  ): Promise<{ session: Session }> {
    const command = parseCreateSession(parseJsonObjectBody(body), principal);
    return { session: await this.sessions.create(command) };
  }

  @Get(':session_id')
  @UseGuards(SessionAccessGuard)
  @ApiSummary('Read a session (API.md 5.7)')
  @SESSION_ID()
  @ApiJsonResponse(200, SESSION)
  @ApiErrorResponses(401, 403, 404, 503)
  read(@CurrentSession() session: Session): { session: Session } {
    return { session };
  }

  @Post(':session_id/renew')
  @HttpCode(200)
  @UseGuards(SessionAccessGuard)
  @ApiSummary('Renew a session: extend expires_at (API.md 5.15)')
  @SESSION_ID()
  @ApiJsonBody('RenewSessionRequest')
  @ApiJsonResponse(200, SESSION)
  @ApiErrorResponses(400, 401, 403, 404, 413, 503)
  async renew(
    @CurrentSession() session: Session,
    @Body() body: unknown,
  ): Promise<{ session: Session }> {
    return { session: await this.sessions.renew(session, parseRenewSession(body)) };
  }

  /** API.md 5.16: body checked after lookup and ownership, so 404/403 win over 400. */
  @Post(':session_id/fork')
  @HttpCode(201)
  @UseGuards(SessionAccessGuard)
  @ApiSummary('Fork a session: a new session with a copy of its workspace (API.md 5.16)')
  @SESSION_ID()
  @ApiJsonBody('ForkSessionRequest')
  @ApiJsonResponse(201, SESSION, 'Created')
  @ApiErrorResponses(400, 401, 403, 404, 409, 413, 500, 503)
  async fork(
    @CurrentSession() source: Session,
    @Body() body: unknown,
  ): Promise<{ session: Session }> {
    const command = parseForkSession(parseJsonObjectBody(body), source);
    return { session: await this.sessions.fork(source, command) };
  }

  @Delete(':session_id')
  @UseGuards(SessionAccessGuard)
  @IdempotentForUnknownSession()
  @ApiSummary('Close a session (API.md 5.8; idempotent for an unknown id in payload mode)')
  @SESSION_ID()
  @ApiJsonResponse(200, envelope('closed', { type: 'boolean', enum: [true] }))
  @ApiErrorResponses(401, 403, 404, 503)
  async close(
    @CurrentSession({ nullable: true }) session: Session | null,
  ): Promise<{ closed: true }> {
    if (session) {
      await this.sessions.close(session);
    }
    return { closed: true };
  }
}
