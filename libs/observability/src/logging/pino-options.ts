import {
  type LogFn,
  type Logger,
  type LoggerOptions,
  stdSerializers,
  stdTimeFunctions,
} from 'pino';
import type { LogLevel } from './log-level.js';
import { REDACTED, redact, redactMember, redactUrlCredentials } from './redact.js';

/**
 * Credential headers of a serialized request or response. Pino's redact paths name exact locations,
 * so they guard only these; the key rule of API.md 11.4 ("contains token/password/secret/
 * authorization", any depth) cannot be written as paths and runs in `formatters.log` instead.
 */
export const REDACT_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers["proxy-authorization"]',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
];

// `req`/`res`/`err` are pino's serialized keys: they hold live objects (a request, a socket, an
// Error) until their serializers run, after `formatters.log`. `err` is redacted by its serializer
// below, `req`/`res` by the redact paths above.
const SERIALIZED_KEYS = new Set(['req', 'res', 'err']);

// Pino also knows `trace` and `fatal` (Fastify uses them); lines only ever carry our four labels.
const LEVEL_LABEL: Readonly<Record<string, LogLevel>> = { trace: 'debug', fatal: 'error' };

/**
 * The pino configuration of every log line (API.md 11.4): `level` as a label, ISO `time`, `msg`,
 * then the fields, redacted; no `pid`/`hostname`.
 */
export function pinoOptions(level: LogLevel): LoggerOptions {
  return {
    level,
    base: undefined,
    messageKey: 'msg',
    timestamp: stdTimeFunctions.isoTime,
    redact: { paths: [...REDACT_PATHS], censor: REDACTED },
    serializers: { err: redactedErrorSerializer },
    formatters: {
      level: (label) => ({ level: LEVEL_LABEL[label] ?? label }),
      log: redactFields,
    },
    hooks: { logMethod: messageFirst },
  };
}

/**
 * Pino's standard `err` shape (`type`, `message`, `stack`, …) with the key rule and URL userinfo
 * redaction applied. Also accepts an already serialized error (pino-http wraps custom serializers).
 */
export function redactedErrorSerializer(error: unknown): unknown {
  return redact(error instanceof Error ? { ...stdSerializers.err(error) } : error);
}

function redactFields(fields: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    result[key] = SERIALIZED_KEYS.has(key) ? value : redactField(key, value);
  }
  return result;
}

function redactField(key: string, value: unknown): unknown {
  if (key === 'msg') {
    // An error message used as the line's text may name a URL with credentials.
    return typeof value === 'string' ? redactUrlCredentials(value) : value;
  }
  if (key === '__proto__') {
    // Kept as it always was: assigning this key sets a prototype instead of a member.
    return (redact({ [key]: value }) as Record<string, unknown>)[key];
  }
  // The same as redacting `{ [key]: value }` and reading `key` back, without the wrapper object.
  return redactMember(key, value, 1);
}

/**
 * Pino writes `msg` after the fields and outside `formatters.log`; API.md 11.4 wants it third and
 * redacted like the rest. So every call is turned into one object that starts with `msg`: the
 * forms `(message)`, `(fields, message)`, `(error)`, `(error, message)` and `({ err })`. Calls with
 * format arguments (`'%s'`) keep pino's own handling.
 */
function messageFirst(this: Logger, args: Parameters<LogFn>, method: LogFn): void {
  const fields = messageFirstFields(args);
  method.apply(this, fields ? [fields] : args);
}

function messageFirstFields(args: unknown[]): Record<string, unknown> | undefined {
  const [first, message, ...formatArgs] = args;
  if (formatArgs.length > 0 || (message !== undefined && typeof message !== 'string')) {
    return undefined;
  }
  if (typeof first === 'string' && message === undefined) {
    return { msg: first };
  }
  if (first instanceof Error) {
    return { msg: message ?? first.message, err: first };
  }
  if (typeof first !== 'object' || first === null || 'msg' in first) {
    return undefined;
  }
  const fields = first as Record<string, unknown>;
  const err = fields['err'];
  const text = message ?? (err instanceof Error ? err.message : undefined);
  return text === undefined ? undefined : { msg: text, ...fields };
}
