import type { LoggerService } from '@nestjs/common';
import { type DestinationStream, type Logger, pino } from 'pino';
import type { LogLevel } from './log-level.js';
import { pinoOptions } from './pino-options.js';

export type { LogLevel } from './log-level.js';

/** Receives each finished line without its newline (tests capture lines with one). */
export type LogSink = (line: string) => void;

/**
 * JSON lines on stdout: `level`, `time`, `msg`, then fields, redacted (API.md 11.4). Written by the
 * pino instance `pino` exposes, which is also Fastify's own logger and the root of nestjs-pino's
 * `PinoLogger` (see createApp), so every line of the process has one format and one redaction.
 * Also serves as Nest's logger, so framework messages share the format.
 */
export class JsonLogger implements LoggerService {
  /** The process's pino instance at `LOG_LEVEL`. */
  readonly pino: Logger;
  // Audit lines are written whatever LOG_LEVEL says: a child with its own, lowest, level.
  private readonly unfiltered: Logger;

  constructor(minimum: LogLevel = 'info', sink?: LogSink) {
    this.pino = pino(pinoOptions(minimum), sink ? sinkStream(sink) : process.stdout);
    this.unfiltered = this.pino.child({}, { level: 'debug' });
  }

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
    // `msg` leads the object so pino writes it right after `level` and `time`.
    (force ? this.unfiltered : this.pino)[level]({ msg, ...fields });
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

function sinkStream(sink: LogSink): DestinationStream {
  return { write: (line: string) => sink(line.endsWith('\n') ? line.slice(0, -1) : line) };
}
