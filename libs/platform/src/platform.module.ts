import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ServiceState } from '#app/http';
import { HealthController } from './health.controller.js';
import { OpenApiDocumentHolder } from './openapi-document.holder.js';
import { OpenApiController } from './openapi.controller.js';

/** Health probes, the OpenAPI document and the service's ready/draining state. */
@Global()
@Module({
  imports: [TerminusModule],
  controllers: [HealthController, OpenApiController],
  providers: [ServiceState, OpenApiDocumentHolder],
  exports: [ServiceState, OpenApiDocumentHolder],
})
export class PlatformModule {}
