import { type Logger, pino } from 'pino';
import { pinoOptions, redactedErrorSerializer } from './pino-options.js';

function capture(level: Parameters<typeof pinoOptions>[0] = 'debug'): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino(pinoOptions(level), { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines };
}

describe('pinoOptions', () => {
  it('should write level label, ISO time and msg before the fields and no pid or hostname when pino is called its own way', () => {
    const { logger, lines } = capture();
    logger.info({ a: 1 }, 'hello');

    const line = lines[0] as Record<string, unknown>;
    expect(Object.keys(line)).toEqual(['level', 'time', 'msg', 'a']);
    expect(line).toMatchObject({ level: 'info', msg: 'hello', a: 1 });
    expect(new Date(line['time'] as string).toISOString()).toBe(line['time']);
  });

  it('should keep msg third for every call form pino accepts without format arguments', () => {
    const { logger, lines } = capture();
    logger.info('text only');
    logger.error(new Error('boom'), 'with text');
    logger.error({ err: new Error('from err'), context: 'X' });
    logger.info({ a: 1 });
    logger.info('count %d', 3);

    expect(lines.map((line) => Object.keys(line).slice(0, 3))).toEqual([
      ['level', 'time', 'msg'],
      ['level', 'time', 'msg'],
      ['level', 'time', 'msg'],
      ['level', 'time', 'a'],
      ['level', 'time', 'msg'],
    ]);
    expect(lines.map((line) => line['msg'])).toEqual(['text only', 'with text', 'from err', undefined, 'count 3']);
  });

  it('should label trace as debug and fatal as error when Fastify uses the extra pino levels', () => {
    const { logger, lines } = capture();
    logger.level = 'trace';
    logger.trace('t');
    logger.fatal('f');
    expect(lines.map((line) => line['level'])).toEqual(['debug', 'error']);
  });

  it('should apply the secret key rule at every depth and hide URL userinfo in fields and msg', () => {
    const { logger, lines } = capture();
    logger.warn({ config: { valkey: { password: 'p' } }, list: [{ api_token: 't' }], url: 'redis://u:p@cache:6379' }, 'see redis://u:p@cache');

    expect(lines[0]).toEqual({
      level: 'warn',
      time: expect.any(String),
      msg: 'see redis://***@cache',
      config: { valkey: { password: '[REDACTED]' } },
      list: [{ api_token: '[REDACTED]' }],
      url: 'redis://***@cache:6379',
    });
  });

  it('should censor credential headers through the redact paths when a serialized request is logged', () => {
    const { logger, lines } = capture();
    logger.info({ req: { method: 'GET', headers: { authorization: 'Bearer x', cookie: 'c', host: 'h' } } }, 'request');
    expect(lines[0]?.['req']).toEqual({ method: 'GET', headers: { authorization: '[REDACTED]', cookie: '[REDACTED]', host: 'h' } });
  });

  it('should serialize err the pino way with userinfo hidden in message and stack when an error is logged', () => {
    const { logger, lines } = capture();
    logger.error(new Error('connect nats://bob:pw@broker:4222 failed'));

    const err = lines[0]?.['err'] as Record<string, string>;
    expect(lines[0]?.['msg']).toBe('connect nats://***@broker:4222 failed');
    expect(Object.keys(lines[0] ?? {})).toEqual(['level', 'time', 'msg', 'err']);
    expect(err['type']).toBe('Error');
    expect(err['message']).toBe('connect nats://***@broker:4222 failed');
    expect(err['stack']).toContain('nats://***@broker');
    expect(JSON.stringify(err)).not.toContain('pw@');
  });

  it('should redact an error that pino-http has already serialized', () => {
    expect(redactedErrorSerializer({ type: 'Error', message: 'amqp://u:p@h/ down', stack: 's' })).toEqual({
      type: 'Error',
      message: 'amqp://***@h/ down',
      stack: 's',
    });
  });

  it('should drop lines below the configured level', () => {
    const { logger, lines } = capture('warn');
    logger.info('dropped');
    logger.warn('kept');
    expect(lines.map((line) => line['msg'])).toEqual(['kept']);
  });
});
