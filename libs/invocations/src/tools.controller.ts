import type { IncomingHttpHeaders } from 'node:http';
import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Capability, ExplainDecision, Invocation, Session } from '#app/contracts';
import {
  ApiErrorResponses,
  ApiJsonBody,
  ApiJsonResponse,
  ApiPathParam,
  ApiSummary,
  envelope,
  listOf,
  schemaRef,
} from '#app/openapi';
import { CurrentSession, SessionAccessGuard } from '#app/sessions';
import { CatalogView } from './catalog-view.js';
import { InvocationExplainer } from './invocation-explainer.js';
import { InvocationPipeline } from './invocation.pipeline.js';

const INVOCATION = envelope('invocation', schemaRef('Invocation'));
const TOOL_NAME = (): MethodDecorator => ApiPathParam('tool_name', 'The capability name');
const CORRELATION_ID = (): MethodDecorator =>
  ApiHeader({
    name: 'X-Correlation-Id',
    required: false,
    description: 'Used when the body has no correlation_id (API.md 1.5, 6 B1)',
  });

@Controller('v1/sessions/:session_id/tools')
@UseGuards(SessionAccessGuard)
@ApiPathParam('session_id', 'The session id')
@ApiErrorResponses(405)
export class ToolsController {
  constructor(
    private readonly catalog: CatalogView,
    private readonly pipeline: InvocationPipeline,
    private readonly explainer: InvocationExplainer,
  ) {}

  @Get()
  @ApiSummary('List the capabilities usable in a session (API.md 5.9)')
  @ApiJsonResponse(200, envelope('tools', listOf('Capability')))
  @ApiErrorResponses(401, 403, 404, 503)
  async list(@CurrentSession() session: Session): Promise<{ tools: Capability[] }> {
    return { tools: await this.catalog.forSession(session) };
  }

  @Post(':tool_name/invoke')
  @HttpCode(200)
  @ApiSummary('Invoke a tool (API.md 5.10)')
  @TOOL_NAME()
  @CORRELATION_ID()
  @ApiJsonBody('InvokeRequest')
  @ApiJsonResponse(200, INVOCATION, 'Finished: the invocation record')
  @ApiJsonResponse(
    202,
    INVOCATION,
    'Accepted (`"async": true`, or the replay of a running async invocation): the running record',
    { Location: 'The running record: `/v1/invocations/{id}`' },
  )
  // The error answers of invoke carry the invocation record when one exists (API.md 3.1).
  @ApiErrorResponses(400, 401, 403, 404, 409, 413, 428, 429, 500, 503, 504)
  async invoke(
    @CurrentSession() session: Session,
    @Param('tool_name') toolName: string,
    @Headers('x-correlation-id') correlationHeader: string | undefined,
    // All headers: the W3C trace context (traceparent, tracestate) is read from them.
    @Headers() headers: IncomingHttpHeaders,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ invocation: Invocation }> {
    const { invocation, accepted } = await this.pipeline.answer({
      session,
      toolName,
      body,
      correlationHeader,
      traceCarrier: headers,
    });
    if (accepted) {
      // API.md 5.10: an async invocation that passed its gates runs on; the caller polls or
      // streams its events at the record's address.
      void reply
        .status(202)
        .header('Location', `/v1/invocations/${encodeURIComponent(invocation.id)}`);
    }
    return { invocation };
  }

  /**
   * API.md 5.23: the invoke body, answered with the decision invoke would reach now (200 even for a
   * denial). Same session guard (auth, ownership, placement) and admission as invoke.
   */
  @Post(':tool_name/explain')
  @HttpCode(200)
  @ApiSummary('Explain the decision invoke would reach now, running nothing (API.md 5.23)')
  @TOOL_NAME()
  @CORRELATION_ID()
  @ApiJsonBody('InvokeRequest')
  @ApiJsonResponse(200, envelope('decision', schemaRef('ExplainDecision')))
  @ApiErrorResponses(400, 401, 403, 404, 413, 500, 503)
  async explain(
    @CurrentSession() session: Session,
    @Param('tool_name') toolName: string,
    @Headers('x-correlation-id') correlationHeader: string | undefined,
    @Body() body: unknown,
  ): Promise<{ decision: ExplainDecision }> {
    const decision = await this.explainer.explain({ session, toolName, body, correlationHeader });
    return { decision };
  }
}
