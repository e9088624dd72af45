import type { JsonObject } from '#app/contracts';
import { AppException } from '#app/errors';

export const BENCHMARK_METHODS = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type BenchmarkMethod = (typeof BENCHMARK_METHODS)[number];

const READ_METHODS: readonly BenchmarkMethod[] = ['GET', 'HEAD', 'OPTIONS'];
const BODY_METHODS: readonly BenchmarkMethod[] = ['POST', 'PUT', 'PATCH', 'DELETE'];
const REFUSED_HEADERS = ['authorization', 'cookie', 'set-cookie', 'proxy-authorization', 'x-api-key', 'x-auth-token'];
const ALLOWED_HEADERS = ['accept', 'accept-language', 'content-type', 'user-agent', 'x-request-id', 'x-correlation-id'];
const MAX_HEADERS = 32;
const MAX_HEADER_BYTES = 8 * 1024;
const MAX_BODY_BYTES = 32 * 1024;

/** The validated `request` object of `api.benchmark`. */
export interface BenchmarkRequest {
  method: BenchmarkMethod;
  /** Path with its query string, as sent. */
  path: string;
  headers: Record<string, string>;
  /** Sent only for POST, PUT, PATCH and DELETE. */
  body: string | undefined;
}

export function isReadMethod(method: BenchmarkMethod): boolean {
  return READ_METHODS.includes(method);
}

/**
 * CATALOG.md 10: path without scheme, host, `..` segment or CR/LF; at most 32 headers of at most
 * 8 KiB in total, from the allowed names only; a body of at most 32 KiB.
 *
 * @throws AppException `invalid_argument` naming the rule that failed
 */
export function readBenchmarkRequest(args: JsonObject): BenchmarkRequest {
  const request = (args['request'] ?? {}) as Record<string, unknown>;
  const method = BENCHMARK_METHODS.find((candidate) => candidate === request['method']) ?? 'GET';
  const path = typeof request['path'] === 'string' ? request['path'] : '';
  assertPath(path);
  const headers = readHeaders(request['headers']);
  const body = typeof request['body'] === 'string' ? request['body'] : undefined;
  if (body !== undefined && Buffer.byteLength(body, 'utf8') > MAX_BODY_BYTES) {
    throw invalid(`request.body exceeds ${MAX_BODY_BYTES} bytes`);
  }
  return { method, path, headers, body: BODY_METHODS.includes(method) ? body : undefined };
}

function assertPath(path: string): void {
  if (/[\r\n]/.test(path)) {
    throw invalid('request.path must not contain CR or LF');
  }
  // `//host/x` is a network-path reference and `/x://y` smuggles a scheme: both name a host.
  if (!path.startsWith('/') || path.startsWith('//') || /^[a-z][a-z0-9+.-]*:/i.test(path) || path.includes('://')) {
    throw invalid('request.path must be an absolute path without scheme or host');
  }
  const pathOnly = path.split('?')[0] ?? '';
  if (pathOnly.split('/').some((segment) => segment === '..' || segment.toLowerCase() === '%2e%2e')) {
    throw invalid('request.path must not contain a .. segment');
  }
}

function readHeaders(value: unknown): Record<string, string> {
  const entries = typeof value === 'object' && value !== null ? Object.entries(value as Record<string, unknown>) : [];
  if (entries.length > MAX_HEADERS) {
    throw invalid(`request.headers has more than ${MAX_HEADERS} entries`);
  }
  let bytes = 0;
  const headers: Record<string, string> = {};
  for (const [name, raw] of entries) {
    const text = typeof raw === 'string' ? raw : String(raw);
    const lower = name.toLowerCase();
    if (/[\r\n]/.test(name) || /[\r\n]/.test(text)) {
      throw invalid(`request header ${name} must not contain CR or LF`);
    }
    if (REFUSED_HEADERS.includes(lower)) {
      throw invalid(`request header ${lower} is not allowed`);
    }
    if (!ALLOWED_HEADERS.includes(lower) && !/^x-[a-z0-9-]+$/.test(lower)) {
      throw invalid(`request header ${lower} is not allowed`);
    }
    bytes += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(text, 'utf8');
    headers[lower] = text;
  }
  if (bytes > MAX_HEADER_BYTES) {
    throw invalid(`request.headers exceed ${MAX_HEADER_BYTES} bytes`);
  }
  return headers;
}

function invalid(message: string): AppException {
  return new AppException('invalid_argument', message);
}

/**
 * Target URL: the endpoint (`http://` added when it has no scheme; only http and https), its base
 * path, then the request path with its query.
 *
 * @throws AppException `execution_failed` `http profile endpoint not configured` for an unusable endpoint
 */
export function targetUrl(endpoint: string, path: string): URL {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint) ? endpoint : `http://${endpoint}`;
  let base: URL;
  try {
    base = new URL(withScheme);
  } catch {
    throw new AppException('execution_failed', 'http profile endpoint not configured');
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new AppException('execution_failed', 'http profile endpoint not configured');
  }
  const basePath = base.pathname.replace(/\/+$/, '');
  const [pathOnly = '', query] = splitQuery(path);
  const url = new URL(base.origin);
  url.username = base.username;
  url.password = base.password;
  url.pathname = `${basePath}${pathOnly}`;
  url.search = query === undefined ? '' : `?${query}`;
  return url;
}

function splitQuery(path: string): [string, string | undefined] {
  const index = path.indexOf('?');
  return index === -1 ? [path, undefined] : [path.slice(0, index), path.slice(index + 1)];
}
