import { Injectable } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { AppException } from '#app/errors';

/**
 * The OpenAPI document of this application (API.md 5.5). It is generated from the application's
 * controllers, so it can only be built once the application exists: `createApp` builds it and
 * hands it here before the server listens.
 */
@Injectable()
export class OpenApiDocumentHolder {
  private document: OpenAPIObject | undefined;

  set(document: OpenAPIObject): void {
    this.document = document;
  }

  get(): OpenAPIObject {
    if (this.document === undefined) {
      // Fail closed: an application built without its document must not answer an empty one.
      throw new AppException('internal', 'openapi document not built');
    }
    return this.document;
  }
}
