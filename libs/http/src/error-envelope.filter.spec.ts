import { HttpException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import type { Invocation } from '#app/contracts';
import { AppException } from '#app/errors';
import { JsonLogger } from '#app/observability';
import { ErrorEnvelopeFilter } from './error-envelope.filter.js';
import { RouteTable } from './route-table.js';

interface Answer {
  status: number | undefined;
  body: unknown;
  headers: Record<string, string>;
}

function setup() {
  const lines: string[] = [];
  const routes = new RouteTable();
  routes.add(['GET', 'HEAD', 'DELETE'], '/v1/sessions/:session_id');
  routes.add('POST', '/v1/sessions');
  let answer: Answer | undefined;
  const adapterHost = {
    httpAdapter: {
      reply: (reply: { headers: Record<string, string> }, body: unknown, status?: number) => {
        answer = { status, body, headers: reply.headers };
      },
    },
  } as unknown as HttpAdapterHost;
  const filter = new ErrorEnvelopeFilter(
    adapterHost,
    new JsonLogger('debug', (line) => lines.push(line)),
    routes,
  );

  const respond = (exception: unknown, url = '/v1/sessions/s1'): Answer => {
    const headers: Record<string, string> = {};
    const reply = { headers, header: (name: string, value: string) => (headers[name] = value) };
    const host = new ExecutionContextHost([{ url, method: 'GET', headers: {} }, reply]);
    host.setType('http');
    filter.catch(exception, host);
    if (answer === undefined) {
      throw new Error('the filter did not answer');
    }
    return answer;
  };
  return { respond, lines };
}

describe('ErrorEnvelopeFilter (API.md 3)', () => {
  it('should answer an AppException with the status of its code and the envelope', () => {
    const { respond } = setup();
    const answer = respond(
      new AppException('rate_limited', 'too many calls', { headers: { 'Retry-After': '3' } }),
    );

    expect(answer.status).toBe(429);
    expect(answer.body).toEqual({
      error: { code: 'rate_limited', message: 'too many calls', retryable: true },
    });
    expect(answer.headers).toEqual({ 'Retry-After': '3' });
  });

  it('should put the invocation record next to the error when the exception carries one', () => {
    const { respond } = setup();
    const invocation = { id: 'inv-1', status: 'failed' } as unknown as Invocation;

    const answer = respond(new AppException('policy_denied', 'denied', { invocation }));

    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({
      invocation,
      error: { code: 'policy_denied', message: 'denied', retryable: false },
    });
  });

  it('should answer 405 with Allow for a known path served with another method', () => {
    const { respond } = setup();
    const answer = respond(new NotFoundException(), '/v1/sessions/s1?x=1');

    expect(answer.status).toBe(405);
    expect(answer.headers).toEqual({ Allow: 'GET, HEAD, DELETE' });
    expect(answer.body).toEqual({
      error: { code: 'method_not_allowed', message: 'method not allowed', retryable: false },
    });
  });

  it('should answer 404 route not found for a path no route has', () => {
    const { respond } = setup();
    const answer = respond(new NotFoundException(), '/v1/sessions/s1/unknown');

    expect(answer.status).toBe(404);
    expect(answer.headers).toEqual({});
    expect(answer.body).toEqual({
      error: { code: 'not_found', message: 'route not found', retryable: false },
    });
  });

  it("should map Fastify's own 413 to payload_too_large", () => {
    const { respond } = setup();
    const answer = respond(new PayloadTooLargeException());

    expect(answer.status).toBe(413);
    expect(answer.body).toEqual({
      error: {
        code: 'payload_too_large',
        message: 'request body exceeds 2 MiB limit',
        retryable: false,
      },
    });
  });

  it.each([
    ['an Error', new Error('secret detail at /srv/x')],
    ['another HttpException', new HttpException('teapot', 418)],
    ['a thrown string', 'secret detail'],
  ])(
    'should answer %s with a generic internal error and log it in full with the same id',
    (_kind, exception) => {
      const { respond, lines } = setup();
      const answer = respond(exception);

      expect(answer.status).toBe(500);
      const error = (answer.body as { error: { code: string; message: string } }).error;
      expect(error.code).toBe('internal');
      expect(error.message).toMatch(/^internal error \(id [0-9a-f]{12}\)$/);
      expect(error.message).not.toContain('secret');
      expect(lines).toHaveLength(1);
      const logged = JSON.parse(lines[0]) as { msg: string; error_id: string };
      expect(logged.msg).toBe('unhandled error');
      expect(error.message).toContain(logged.error_id);
      expect(lines[0]).toContain(exception instanceof HttpException ? 'teapot' : 'secret detail');
    },
  );
});
