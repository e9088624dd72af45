import { PinoLogger } from 'nestjs-pino';
import { startTestApp, type TestApp } from './support/test-app.js';

// One app per file: nestjs-pino keeps its root logger per process (first application wins).
describe('logging on pino (API.md 11.4)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  const last = (): Record<string, unknown> => t.logs[t.logs.length - 1];

  it('should write Nest framework messages as level, time, msg, context lines', () => {
    const started = t.logs.find((line) => line['msg'] === 'Nest application successfully started');
    expect(Object.keys(started ?? {})).toEqual(['level', 'time', 'msg', 'context']);
    expect(started).toMatchObject({ level: 'info', context: 'NestApplication' });
  });

  it("should write Fastify's own lines in the service format with the key rule applied", () => {
    const fastify = t.app.getHttpAdapter().getInstance();
    fastify.log.warn({ client_secret: 's', endpoint: 'amqp://u:p@mq:5672' }, 'from fastify');

    expect(last()).toEqual({
      level: 'warn',
      time: expect.any(String),
      msg: 'from fastify',
      client_secret: '[REDACTED]',
      endpoint: 'amqp://***@mq:5672',
    });
  });

  it('should write PinoLogger (nestjs-pino) lines through the same instance', async () => {
    const logger = await t.app.resolve(PinoLogger);
    logger.setContext('Extension');
    logger.info({ metadata: { api_token: 't', team: 'core' } }, 'from PinoLogger');

    expect(last()).toEqual({
      level: 'info',
      time: expect.any(String),
      msg: 'from PinoLogger',
      context: 'Extension',
      metadata: { api_token: '[REDACTED]', team: 'core' },
    });
  });

  it('should write no per-request lines when requests are served', async () => {
    const before = t.logs.length;
    await t.request('GET', '/healthz');
    await t.request('GET', '/no-such-route');
    expect(t.logs.slice(before)).toEqual([]);
  });
});
