import { Controller, Get, Res } from '@nestjs/common';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import { Public } from '#app/auth';

/**
 * `GET /metrics` (path set by `PrometheusModule.register`). Subclassed only to carry `@Public()`:
 * API.md 4.1 serves metrics without authentication, and the guard denies every unmarked route.
 */
@Controller()
@Public()
export class MetricsController extends PrometheusController {
  @Get()
  override async index(@Res({ passthrough: true }) response: unknown): Promise<string> {
    return super.index(response);
  }
}
