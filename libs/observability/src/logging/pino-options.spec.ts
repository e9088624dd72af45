import { type Logger, pino } from 'pino';
import type { LogLevel } from './log-level.js';
import { pinoOptions, redactedErrorSerializer } from './pino-options.js';

type Line = Record<string, unknown>;

function capture(level: LogLevel = 'debug'): { logger: Logger; lines: Line[] } {
  const lines: Line[] = [];
  const write = (line: string): void => {
    lines.push(JSON.parse(line) as Line);
  };
  return { logger: pino(pinoOptions(level), { write }), lines };
}

describe('pinoOptions', () => {
  it('should write level label, ISO time, msg, then fields and no pid or hostname', () => {
    const { logger, lines } = capture();
    logger.info({ a: 1 }, 'hello');

    const line = lines[0];
    expect(Object.keys(line)).toEqual(['level', 'time', 'msg', 'a']);
    expect(line).toMatchObject({ level: 'info', msg: 'hello', a: 1 });
    expect(new Date(line['time'] as string).toISOString()).toBe(line['time']);
  });

  it('should keep msg third for every call form without format arguments', () => {
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
    expect(lines.map((line) => line['msg'])).toEqual([
      'text only',
      'with text',
      'from err',
      undefined,
      'count 3',
    ]);
  });

  it('should label trace as debug and fatal as error when Fastify uses those pino levels', () => {
    const { logger, lines } = capture();
    logger.level = 'trace';
    logger.trace('t');
    logger.fatal('f');
    expect(lines.map((line) => line['level'])).toEqual(['debug', 'error']);
  });

  it('should apply the key rule at every depth and hide URL userinfo in fields and msg', () => {
    const { logger, lines } = capture();
    logger.warn(
      {
        config: { valkey: { password: 'p' } },
        list: [{ api_token: 't' }],
        url: 'redis://u:p@cache:6379',
      },
      'see redis://u:p@cache',
    );

    expect(lines[0]).toEqual({
      level: 'warn',
      time: expect.any(String),
      msg: 'see redis://***@cache',
      config: { valkey: { password: '[REDACTED]' } },
      list: [{ api_token: '[REDACTED]' }],
      url: 'redis://***@cache:6379',
    });
  });

  it('should censor credential headers through the redact paths when a request is logged', () => {
    const { logger, lines } = capture();
    const headers = { authorization: 'Bearer x', cookie: 'c', host: 'h' };
    logger.info({ req: { method: 'GET', headers } }, 'request');

    expect(lines[0]?.['req']).toEqual({
      method: 'GET',
      headers: { authorization: '[REDACTED]', cookie: '[REDACTED]', host: 'h' },
    });
  });

  it('should serialize err the pino way with userinfo hidden in message and stack', () => {
    const { logger, lines } = capture();
    logger.error(new Error('connect nats://bob:pw@broker:4222 failed'));

    const err = lines[0]?.['err'] as Record<string, string>;
    expect(Object.keys(lines[0] ?? {})).toEqual(['level', 'time', 'msg', 'err']);
    expect(lines[0]?.['msg']).toBe('connect nats://***@broker:4222 failed');
    expect(err['type']).toBe('Error');
    expect(err['message']).toBe('connect nats://***@broker:4222 failed');
    expect(err['stack']).toContain('nats://***@broker');
    expect(JSON.stringify(err)).not.toContain('pw@');
  });

  it('should redact an error that pino-http has already serialized', () => {
    const serialized = { type: 'Error', message: 'amqp://u:p@h/ down', stack: 's' };
    expect(redactedErrorSerializer(serialized)).toEqual({
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
