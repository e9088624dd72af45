import { Body, Controller, Delete, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { CurrentPrincipal } from '#app/auth';
import type { Principal, Session } from '#app/contracts';
import { parseJsonObjectBody } from '#app/http';
import { CurrentSession } from './current-session.decorator.js';
import { parseCreateSession } from './create-session.request.js';
import { parseRenewSession } from './renew-session.request.js';
import { parseForkSession } from './fork-session.request.js';
import { IdempotentForUnknownSession } from './idempotent-for-unknown-session.decorator.js';
import { SessionAccessGuard } from './session-access.guard.js';
import { SessionService } from './session.service.js';

@Controller('v1/sessions')
export class SessionsController {
  constructor(private readonly sessions: SessionService) {}

  @Post()
  @HttpCode(201)
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
  read(@CurrentSession() session: Session): { session: Session } {
    return { session };
  }

  @Post(':session_id/renew')
  @HttpCode(200)
  @UseGuards(SessionAccessGuard)
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
  async close(
    @CurrentSession({ nullable: true }) session: Session | null,
  ): Promise<{ closed: true }> {
    if (session) {
      await this.sessions.close(session);
    }
    return { closed: true };
  }
}
