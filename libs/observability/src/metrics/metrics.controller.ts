import { Controller, Get, Res } from '@nestjs/common';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import { Public } from '#app/auth';
import { ApiErrorResponses, ApiRawResponse, ApiSummary } from '#app/openapi';

/**
 * `GET /metrics` (path set by `PrometheusModule.register`). Subclassed only to carry `@Public()`:
 * API.md 4.1 serves metrics without authentication, and the guard denies every unmarked route.
 */
@Controller()
@Public()
@ApiErrorResponses(405)
export class MetricsController extends PrometheusController {
  @Get()
  @ApiSummary('Prometheus metrics (API.md 11.1)')
  @ApiRawResponse(200, 'text/plain', 'Prometheus text exposition')
  override async index(@Res({ passthrough: true }) response: unknown): Promise<string> {
    return super.index(response);
  }
}
