import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule as PinoLoggerModule } from 'nestjs-pino';
import { AuditLog } from './audit-log.js';
import { JsonLogger } from './json-logger.js';
import { redactedErrorSerializer } from './pino-options.js';

/**
 * Provides the process logger instance (created in main so Nest's own messages use it too), and
 * nestjs-pino's `PinoLogger` on the same pino instance, so code that prefers pino's API writes the
 * same lines through the same redaction.
 */
@Module({})
export class LoggingModule {
  static forRoot(logger: JsonLogger): DynamicModule {
    return {
      module: LoggingModule,
      global: true,
      imports: [
        PinoLoggerModule.forRoot({
          // No pino-http middleware: the service writes no per-request lines, and a request-bound
          // child would add `req` fields to lines whose fields API.md 11.3/11.4 fix.
          // pino-http gives its child its own `err` serializer; this keeps ours.
          pinoHttp: {
            logger: logger.pino,
            autoLogging: false,
            serializers: { err: redactedErrorSerializer },
          },
          forRoutes: [],
        }),
      ],
      providers: [{ provide: JsonLogger, useValue: logger }, AuditLog],
      exports: [JsonLogger, AuditLog],
    };
  }
}
