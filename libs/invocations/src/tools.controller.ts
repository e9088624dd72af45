import { Body, Controller, Get, Headers, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Capability, Invocation } from '#app/contracts';
import { SessionAccessGuard, type SessionRequest } from '#app/sessions';
import { CatalogView } from './catalog-view.js';
import { InvocationPipeline } from './invocation.pipeline.js';

@Controller('v1/sessions/:session_id/tools')
@UseGuards(SessionAccessGuard)
export class ToolsController {
  constructor(
    private readonly catalog: CatalogView,
    private readonly pipeline: InvocationPipeline,
  ) {}

  @Get()
  async list(@Req() request: SessionRequest): Promise<{ tools: Capability[] }> {
    return { tools: await this.catalog.forSession(request.session!) };
  }

  @Post(':tool_name/invoke')
  @HttpCode(200)
  async invoke(
    @Req() request: SessionRequest & FastifyRequest,
    @Param('tool_name') toolName: string,
    @Headers('x-correlation-id') correlationHeader: string | undefined,
    @Body() body: unknown,
  ): Promise<{ invocation: Invocation }> {
    const invocation = await this.pipeline.invoke({
      session: request.session!,
      toolName,
      body,
      correlationHeader,
      traceCarrier: request.headers,
    });
    return { invocation };
  }
}
