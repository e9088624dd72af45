import { Controller, Get, HttpCode, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ArtifactStore,
  contentDispositionFor,
  displayArtifactName,
  servedContentType,
} from '#app/artifacts';
import type { Artifact, Invocation, LogLine } from '#app/contracts';
import { AppException } from '#app/errors';
import { ServedWhileDraining } from '#app/http';
import {
  ApiErrorResponses,
  ApiJsonResponse,
  ApiPathParam,
  ApiQueryParam,
  ApiRawResponse,
  ApiSummary,
  envelope,
  listOf,
  schemaRef,
} from '#app/openapi';
import { CurrentInvocation } from './current-invocation.decorator.js';
import { InvocationEventStream } from './events/invocation-event-stream.js';
import { lastEventIdOf } from './events/last-event-id.js';
import { InvocationAccessGuard } from './invocation-access.guard.js';
import { InvocationArtifactReader } from './invocation-artifact-reader.js';
import { InvocationCancellation } from './invocation-cancellation.js';
import { InvocationHydrator } from './invocation-hydrator.js';

const INVOCATION = envelope('invocation', schemaRef('Invocation'));

@Controller('v1/invocations/:invocation_id')
@UseGuards(InvocationAccessGuard)
@ApiPathParam('invocation_id', 'The invocation id')
@ApiErrorResponses(405)
export class InvocationsController {
  constructor(
    private readonly hydrator: InvocationHydrator,
    private readonly artifacts: ArtifactStore,
    private readonly reader: InvocationArtifactReader,
    private readonly cancellation: InvocationCancellation,
    private readonly stream: InvocationEventStream,
  ) {}

  @Get()
  @ApiSummary('Read an invocation (API.md 5.11)')
  @ApiJsonResponse(200, INVOCATION)
  @ApiErrorResponses(401, 403, 404, 503)
  async read(@CurrentInvocation() invocation: Invocation): Promise<{ invocation: Invocation }> {
    return { invocation: await this.hydrator.hydrate(invocation) };
  }

  /**
   * API.md 5.18: 202 once the cancel is on its way to the replica running it, with the record as it
   * was read (still `running`); the body is ignored (1.2). Served while draining: a caller may end
   * an invocation the drain would otherwise wait for.
   */
  @Post('cancel')
  @HttpCode(202)
  @ServedWhileDraining()
  @ApiSummary('Cancel a running invocation, on any replica (API.md 5.18)')
  @ApiJsonResponse(202, INVOCATION, 'Accepted: the record as read (still running)')
  @ApiErrorResponses(401, 403, 404, 409, 503)
  async cancel(@CurrentInvocation() invocation: Invocation): Promise<{ invocation: Invocation }> {
    await this.cancellation.cancel(invocation);
    return { invocation: await this.hydrator.hydrate(invocation) };
  }

  @Get('logs')
  @ApiSummary('Read invocation logs (API.md 5.12)')
  @ApiJsonResponse(200, envelope('logs', listOf('LogLine')))
  @ApiErrorResponses(401, 403, 404, 503)
  async logs(@CurrentInvocation() invocation: Invocation): Promise<{ logs: LogLine[] }> {
    return { logs: await this.hydrator.logs(invocation) };
  }

  /**
   * API.md 5.17: the invocation's live events as `text/event-stream`. The reply is hijacked: the
   * stream is written on the raw response, outside Nest's serialisation, for as long as it lasts.
   */
  @Get('events')
  @ApiSummary(
    'Live invocation events (Server-Sent Events: log, status, done; Last-Event-ID resumes) (API.md 5.17)',
  )
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'Resume after this event id (`<ms>-<seq>`)',
  })
  @ApiQueryParam(
    'last_event_id',
    { type: 'string' },
    'Resume after this event id, for clients that cannot set headers (the header wins)',
  )
  @ApiRawResponse(200, 'text/event-stream', 'The event stream; it ends after the `done` event')
  @ApiResponse({
    status: 204,
    description: 'Finished, and Last-Event-ID is at or after its done: nothing left to send',
  })
  @ApiErrorResponses(400, 401, 403, 404, 503)
  async events(
    @CurrentInvocation() invocation: Invocation,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const lastEventId = lastEventIdOf(request.headers, request.query);
    reply.hijack();
    await this.stream.serve(invocation, lastEventId, request.raw, reply.raw);
  }

  @Get('artifacts')
  @ApiSummary('List invocation artifacts (API.md 5.13)')
  @ApiJsonResponse(200, envelope('artifacts', listOf('Artifact')))
  @ApiErrorResponses(401, 403, 404, 503)
  async list(@CurrentInvocation() invocation: Invocation): Promise<{ artifacts: Artifact[] }> {
    const artifacts = await this.listFor(invocation);
    return {
      artifacts: artifacts.map((artifact) => ({
        ...artifact,
        name: displayArtifactName(artifact.name),
      })),
    };
  }

  @Get('artifacts/:artifact_id')
  @ApiSummary('Download an artifact: its raw bytes (API.md 5.14)')
  @ApiPathParam('artifact_id', 'The artifact id')
  @ApiResponse({
    status: 200,
    description: "The artifact's bytes, with its content type (5.14 lists the served types)",
    content: { '*/*': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiErrorResponses(401, 403, 404, 503)
  async download(
    @CurrentInvocation() invocation: Invocation,
    @Param('artifact_id') artifactId: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const artifact = (await this.listFor(invocation)).find(
      (candidate) => candidate.id === artifactId,
    );
    // Streamed from the artifact store, the body never held in memory whole; only output and logs
    // small enough to be kept with the record come from there (docs/STORES.md).
    const content = artifact ? await this.reader.open(invocation, artifact) : null;
    if (!artifact || !content) {
      throw new AppException('not_found', 'artifact not found');
    }
    await reply
      .status(200)
      // Both headers are built from tool-supplied metadata: only well-formed, Latin-1-safe values.
      .header('Content-Type', servedContentType(artifact.content_type))
      .header('Content-Length', String(content.size_bytes))
      .header('Content-Disposition', contentDispositionFor(artifact.name))
      .header('X-Content-Type-Options', 'nosniff')
      .send(content.stream);
  }

  private async listFor(invocation: Invocation): Promise<Artifact[]> {
    return invocation.artifacts.length > 0
      ? invocation.artifacts
      : this.artifacts.list(invocation.id);
  }
}
