import { JsonLogger } from './json-logger.js';

function capture(level: ConstructorParameters<typeof JsonLogger>[0]): {
  logger: JsonLogger;
  lines: string[];
} {
  const lines: string[] = [];
  return { logger: new JsonLogger(level, (line) => lines.push(line)), lines };
}

describe('JsonLogger', () => {
  it('should write level, time and msg first then the fields when a line is written', () => {
    const { logger, lines } = capture('info');
    logger.write('info', 'hello', { a: 1 });
    expect(lines).toHaveLength(1);
    const parsed = JSON.parse(lines[0]) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['level', 'time', 'msg', 'a']);
    expect(parsed).toMatchObject({ level: 'info', msg: 'hello', a: 1 });
    expect(Number.isNaN(Date.parse(parsed['time'] as string))).toBe(false);
  });

  it('should drop lines below the minimum level unless forced when LOG_LEVEL is error', () => {
    const { logger, lines } = capture('error');
    logger.write('info', 'dropped');
    logger.write('warn', 'dropped too');
    logger.write('info', 'forced', {}, true);
    logger.write('error', 'kept');
    expect(lines.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual([
      'forced',
      'kept',
    ]);
  });

  it('should redact secret-named fields when writing', () => {
    const { logger, lines } = capture('debug');
    logger.write('info', 'x', { session: { metadata: { api_token: 'abc' } } });
    expect(lines[0]).not.toContain('abc');
    expect(JSON.parse(lines[0])).toMatchObject({
      session: { metadata: { api_token: '[REDACTED]' } },
    });
  });

  it('should log Nest context and errors as fields when used as the framework logger', () => {
    const { logger, lines } = capture('debug');
    logger.log('booted', 'NestApplication');
    logger.error(new Error('boom'));
    expect(JSON.parse(lines[0])).toMatchObject({
      level: 'info',
      msg: 'booted',
      context: 'NestApplication',
    });
    expect(JSON.parse(lines[1])).toMatchObject({
      level: 'error',
      msg: 'boom',
      error: { name: 'Error', message: 'boom' },
    });
  });
});
