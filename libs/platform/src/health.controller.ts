import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ArtifactStore } from '#app/artifacts';
import { ServiceState } from '#app/http';
import { InvocationStore, SessionStore } from '#app/stores';

const CHECK_BUDGET_MS = 2000;

/** API.md 5.1–5.3. Liveness has no dependencies; readiness checks each store within 2 s. */
@Controller()
export class HealthController {
  constructor(
    private readonly state: ServiceState,
    private readonly sessions: SessionStore,
    private readonly invocations: InvocationStore,
    private readonly artifacts: ArtifactStore,
  ) {}

  @Get('healthz')
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('livez')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('readyz')
  async ready(@Res() reply: FastifyReply): Promise<void> {
    const [sessionStore, invocationStore, artifactStore] = await Promise.all([
      withBudget(() => this.sessions.check()),
      withBudget(() => this.invocations.check()),
      withBudget(() => this.artifacts.check()),
    ]);
    const checks = {
      session_store: sessionStore,
      invocation_store: invocationStore,
      artifact_store: artifactStore,
      shutdown: this.state.draining ? 'error: draining' : this.state.ready ? 'ok' : 'error: starting',
    };
    const ok = Object.values(checks).every((value) => value === 'ok');
    await reply.status(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not_ready', checks });
  }
}

async function withBudget(check: () => Promise<string | null>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve('timed out'), CHECK_BUDGET_MS);
  });
  try {
    const reason = await Promise.race([check().catch((error: Error) => error.message || 'failed'), timeout]);
    return reason === null ? 'ok' : `error: ${reason}`;
  } finally {
    clearTimeout(timer);
  }
}
