import { randomBytes } from 'node:crypto';
import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  NotFoundException,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type ErrorBody, httpStatusForCode } from '#app/contracts';
import { AppException } from '#app/errors';
import { JsonLogger } from '#app/observability';
import { RouteTable } from './route-table.js';

/**
 * The one place an error becomes a response: status from the code table, the envelope of API.md 3.1
 * (with the invocation when one exists), and a generic `internal` for anything unexpected — logged in
 * full with an id, never shown to the caller.
 */
@Catch()
export class ErrorEnvelopeFilter implements ExceptionFilter {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly logger: JsonLogger,
    private readonly routes: RouteTable,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const request = context.getRequest<FastifyRequest>();
    const reply = context.getResponse<FastifyReply>();
    const error = this.toAppException(exception, request);
    const status = httpStatusForCode(error.code);
    for (const [name, value] of Object.entries(error.headers)) {
      reply.header(name, value);
    }
    // `invocation` first, then any details (e.g. `approval_request`), then `error` (API.md 3.1).
    const body: { invocation?: unknown; error: ErrorBody } = {
      ...(error.invocation ? { invocation: error.invocation } : {}),
      ...error.details,
      error: error.toBody(),
    };
    this.adapterHost.httpAdapter.reply(reply, body, status);
  }

  private toAppException(exception: unknown, request: FastifyRequest): AppException {
    if (exception instanceof AppException) {
      return exception;
    }
    // Nest's own not-found handler throws this for paths no controller serves. No route matched, so
    // there is no metadata to read: the URL only chooses between 405 and 404, never grants access.
    if (exception instanceof NotFoundException) {
      const allow = this.routes.allowedMethodsFor(request.url);
      return allow
        ? new AppException('method_not_allowed', 'method not allowed', {
            headers: { Allow: allow },
          })
        : new AppException('not_found', 'route not found');
    }
    if (exception instanceof HttpException && exception.getStatus() === 413) {
      return new AppException('payload_too_large', 'request body exceeds 2 MiB limit');
    }
    const errorId = randomBytes(6).toString('hex');
    this.logger.write('error', 'unhandled error', {
      error_id: errorId,
      error: describe(exception),
    });
    return new AppException('internal', `internal error (id ${errorId})`);
  }
}

function describe(exception: unknown): Record<string, unknown> {
  if (exception instanceof Error) {
    return { name: exception.name, message: exception.message, stack: exception.stack };
  }
  return { value: String(exception) };
}
