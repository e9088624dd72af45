import { Body, Controller, Delete, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { callerPrincipal } from '#app/auth';
import { AppConfig } from '#app/config';
import type { Session } from '#app/contracts';
import { parseJsonObjectBody } from '#app/http';
import { parseCreateSession } from './create-session.request.js';
import { SessionAccessGuard, type SessionRequest } from './session-access.guard.js';
import { SessionService } from './session.service.js';

@Controller('v1/sessions')
export class SessionsController {
  constructor(
    private readonly sessions: SessionService,
    private readonly config: AppConfig,
  ) {}

  @Post()
  @HttpCode(201)
  async create(@Req() request: SessionRequest, @Body() body: unknown): Promise<{ session: Session }> {
    // Trusted mode: the authenticated principal only, never the body's (401 if there is none).
    const command = parseCreateSession(parseJsonObjectBody(body), callerPrincipal(this.config, request));
    return { session: await this.sessions.create(command) };
  }

  @Get(':session_id')
  @UseGuards(SessionAccessGuard)
  read(@Req() request: SessionRequest): { session: Session } {
    return { session: request.session! };
  }

  @Delete(':session_id')
  @UseGuards(SessionAccessGuard)
  async close(@Req() request: SessionRequest): Promise<{ closed: true }> {
    if (request.session) {
      await this.sessions.close(request.session);
    }
    return { closed: true };
  }
}
