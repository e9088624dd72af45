import { type DynamicModule, Module } from '@nestjs/common';
import { AuditLog } from './audit-log.js';
import { JsonLogger } from './json-logger.js';

/** Provides the process logger instance (created in main so Nest's own messages use it too). */
@Module({})
export class LoggingModule {
  static forRoot(logger: JsonLogger): DynamicModule {
    return {
      module: LoggingModule,
      global: true,
      providers: [{ provide: JsonLogger, useValue: logger }, AuditLog],
      exports: [JsonLogger, AuditLog],
    };
  }
}
