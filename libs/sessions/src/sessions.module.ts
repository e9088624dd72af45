import { Module } from '@nestjs/common';
import { InFlightInvocations } from './in-flight-invocations.js';
import { WorkspaceJanitorRunner } from './workspace-janitor.runner.js';
import { SessionAccessGuard } from './session-access.guard.js';
import { SessionActivity } from './session-activity.js';
import { SessionSweeper } from './session-sweeper.js';
import { SessionService } from './session.service.js';
import { SessionsController } from './sessions.controller.js';

@Module({
  controllers: [SessionsController],
  providers: [
    SessionService,
    SessionActivity,
    SessionSweeper,
    InFlightInvocations,
    SessionAccessGuard,
    WorkspaceJanitorRunner,
  ],
  exports: [
    SessionService,
    SessionActivity,
    SessionSweeper,
    InFlightInvocations,
    SessionAccessGuard,
  ],
})
export class SessionsModule {}
