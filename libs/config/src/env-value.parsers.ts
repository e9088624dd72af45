import { isIP, isIPv6 } from 'node:net';

// Pure parsers shared by the validation decorators and the AppConfig builder, so that what is
// accepted at validation time is exactly what gets parsed afterwards. Each returns `undefined`
// when the input does not satisfy the rule.

const INTEGER = /^-?\d+$/;
const TRUE_WORDS = new Set(['1', 'true', 'yes', 'on']);
const FALSE_WORDS = new Set(['0', 'false', 'no', 'off']);
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const HOST_LABEL = /^[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?$/;
const WHITESPACE = /\s/;

export function parseInteger(raw: string): number | undefined {
  if (!INTEGER.test(raw)) {
    return undefined;
  }
  const value = Number(raw) + 0; // `+ 0` turns "-0" into 0
  return Number.isSafeInteger(value) ? value : undefined;
}

export function parseBoolean(raw: string): boolean | undefined {
  const word = raw.toLowerCase();
  if (TRUE_WORDS.has(word)) {
    return true;
  }
  return FALSE_WORDS.has(word) ? false : undefined;
}

export function parseEnum<T extends string>(raw: string, allowed: readonly T[]): T | undefined {
  const word = raw.toLowerCase();
  return allowed.find((candidate) => candidate === word);
}

export function splitList(raw: string): string[] {
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export function hasWhitespace(raw: string): boolean {
  return WHITESPACE.test(raw);
}

export function isHttpHeaderName(raw: string): boolean {
  return HEADER_NAME.test(raw);
}

export function isDnsLabel(raw: string, maxLength = 63): boolean {
  return raw.length <= maxLength && DNS_LABEL.test(raw);
}

export function isDnsSubdomain(raw: string): boolean {
  return raw.length <= 253 && raw.split('.').every((label) => isDnsLabel(label));
}

/** A host name (letters, digits, `-`, `_`, dot-separated labels) or an IPv4/IPv6 literal. */
export function isHostName(raw: string): boolean {
  if (isIP(raw) !== 0) {
    return true;
  }
  const name = raw.endsWith('.') ? raw.slice(0, -1) : raw;
  return name.length >= 1 && name.length <= 253 && name.split('.').every((l) => HOST_LABEL.test(l));
}

export interface HostPort {
  host: string;
  port: number;
}

/** `host:port` with the port in 1–65535; an IPv6 host must be in brackets and comes back bare. */
export function parseHostPort(raw: string): HostPort | undefined {
  const bracketed = /^\[([^\]]+)\]:([^:]+)$/.exec(raw);
  const plain = bracketed ? null : /^([^:[\]]+):([^:]+)$/.exec(raw);
  const match = bracketed ?? plain;
  if (!match) {
    return undefined;
  }
  const [, host, portText] = match;
  const hostOk = bracketed ? isIPv6(host) : isHostName(host);
  const port = parseInteger(portText);
  if (!hostOk || port === undefined || port < 1 || port > 65535) {
    return undefined;
  }
  return { host, port };
}

export function isCidr(raw: string): boolean {
  const slash = raw.indexOf('/');
  if (slash < 0) {
    return false;
  }
  const family = isIP(raw.slice(0, slash));
  const bits = parseInteger(raw.slice(slash + 1));
  if (family === 0 || bits === undefined || raw.slice(slash + 1).startsWith('-')) {
    return false;
  }
  return bits <= (family === 4 ? 32 : 128);
}

/** Parses JSON and returns it only when it is a plain object (not an array, not null). */
export function parseJsonObject(raw: string): Record<string, unknown> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const isObject = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  return isObject ? (parsed as Record<string, unknown>) : undefined;
}
