import { Controller, Get } from '@nestjs/common';
import { Public } from '#app/auth';
import { AppConfig } from '#app/config';
import { buildOpenApiDocument } from './openapi-document.js';

// API.md 4.1: the document is served without authentication.
@Controller()
@Public()
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
