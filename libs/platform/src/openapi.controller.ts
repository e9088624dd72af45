import { Controller, Get } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { Public } from '#app/auth';
import { ApiErrorResponses, ApiJsonResponse, ApiSummary } from '#app/openapi';
import { OpenApiDocumentHolder } from './openapi-document.holder.js';

// API.md 4.1: the document is served without authentication.
@Controller()
@Public()
@ApiErrorResponses(405)
export class OpenApiController {
  constructor(private readonly document: OpenApiDocumentHolder) {}

  @Get('openapi.json')
  @ApiSummary('This document (OpenAPI 3, generated from the controllers)')
  @ApiJsonResponse(200, {
    type: 'object',
    required: ['openapi', 'info', 'paths'],
    properties: { openapi: { type: 'string', pattern: '^3\\.' } },
  })
  openapi(): OpenAPIObject {
    return this.document.get();
  }
}
