import type { LoggerService } from '@nestjs/common';
import { redact } from './redact.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogSink = (line: string) => void;

const stdoutSink: LogSink = (line) => {
  process.stdout.write(`${line}\n`);
};

/**
 * JSON lines on stdout: `level`, `time`, `msg`, then fields, redacted (API.md 11.4). Also serves as
 * Nest's logger so framework messages share the format.
 */
export class JsonLogger implements LoggerService {
  constructor(
    private readonly minimum: LogLevel = 'info',
    private readonly sink: LogSink = stdoutSink,
  ) {}

  debug(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.emit('info', message, rest);
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.emit('warn', message, rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    this.emit('error', message, rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.emit('error', message, rest);
  }

  /** A structured line; `force` writes it whatever the level (audit lines). */
  write(level: LogLevel, msg: string, fields: Record<string, unknown> = {}, force = false): void {
    if (!force && RANK[level] < RANK[this.minimum]) {
      return;
    }
    const line = { level, time: new Date().toISOString(), msg, ...(redact(fields) as object) };
    this.sink(JSON.stringify(line));
  }

  private emit(level: LogLevel, message: unknown, rest: unknown[]): void {
    const fields: Record<string, unknown> = {};
    const context = rest.length > 0 ? rest[rest.length - 1] : undefined;
    if (typeof context === 'string') {
      fields['context'] = context;
    }
    if (message instanceof Error) {
      fields['error'] = { name: message.name, message: message.message, stack: message.stack };
      this.write(level, message.message, fields);
      return;
    }
    if (typeof message === 'object' && message !== null) {
      this.write(level, 'log', { ...fields, ...(message as Record<string, unknown>) });
      return;
    }
    const stack = rest.find((item) => typeof item === 'string' && item.includes('\n    at '));
    if (stack) {
      fields['stack'] = stack;
    }
    this.write(level, String(message), fields);
  }
}
