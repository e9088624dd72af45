import { Controller, Get } from '@nestjs/common';
import { AppConfig } from '#app/config';
import { buildOpenApiDocument } from './openapi-document.js';

@Controller()
export class OpenApiController {
  private readonly document: Record<string, unknown>;

  constructor(config: AppConfig) {
    this.document = buildOpenApiDocument(config.server.version);
  }

  @Get('openapi.json')
  openapi(): Record<string, unknown> {
    return this.document;
  }
}
