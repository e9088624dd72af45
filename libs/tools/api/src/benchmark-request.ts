import { AppException } from '#app/errors';

export const BENCHMARK_METHODS = [
  'GET',
  'HEAD',
  'OPTIONS',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
] as const;
export type BenchmarkMethod = (typeof BENCHMARK_METHODS)[number];

const READ_METHODS: readonly BenchmarkMethod[] = ['GET', 'HEAD', 'OPTIONS'];
const BODY_METHODS: readonly BenchmarkMethod[] = ['POST', 'PUT', 'PATCH', 'DELETE'];
const REFUSED_HEADERS = [
  'authorization',
  'cookie',
  'set-cookie',
  'proxy-authorization',
  'x-api-key',
  'x-auth-token',
];
// `x-*` headers that frameworks and proxies honour as another path, host or method: they would
// move the request off the checked route, or turn a GET through a read-only profile into a write.
const OVERRIDE_HEADERS = [
  'x-original-url',
  'x-rewrite-url',
  'x-override-url',
  'x-forwarded-host',
  'x-forwarded-server',
  'x-forwarded-prefix',
  'x-forwarded-path',
  'x-forwarded-uri',
  'x-original-uri',
  'x-host',
  'x-http-method-override',
  'x-http-method',
  'x-method-override',
];
const ALLOWED_HEADERS = [
  'accept',
  'accept-language',
  'content-type',
  'user-agent',
  'x-request-id',
  'x-correlation-id',
];
const MAX_HEADERS = 32;
const MAX_HEADER_BYTES = 8 * 1024;
const MAX_BODY_BYTES = 32 * 1024;

/** The `request` arg of `api.benchmark`; `method` and `headers` left out take their defaults. */
export interface BenchmarkRequestArg {
  method?: BenchmarkMethod;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

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
export function readBenchmarkRequest(args: { request: BenchmarkRequestArg }): BenchmarkRequest {
  const { request } = args;
  const method = request.method ?? 'GET';
  const path = request.path;
  assertPath(path);
  const headers = checkHeaders(request.headers ?? {});
  const body = request.body;
  if (body !== undefined && Buffer.byteLength(body, 'utf8') > MAX_BODY_BYTES) {
    throw invalid(`request.body exceeds ${MAX_BODY_BYTES} bytes`);
  }
  return { method, path, headers, body: BODY_METHODS.includes(method) ? body : undefined };
}

// RFC 3986 pchar without `;` (a path parameter makes `..;` a dot segment on some servers), and
// without `\` (turned into `/` by URL parsers): exactly the characters a URL serialiser keeps as
// they are, so the path that goes on the wire is the path that was checked.
const PATH_CHARACTERS = /^[A-Za-z0-9\-._~!$&()*+,=:@/%']*$/;
// The query may also hold `;`, `/` and `?`; `'` is refused because URL serialisers encode it there.
const QUERY_CHARACTERS = /^[A-Za-z0-9\-._~!$&()*+,;=:@/?%]*$/;
const PERCENT_ENCODING = /%(?![0-9A-Fa-f]{2})/;
// After one decoding a segment must not hold a separator, a second encoding or a control byte.
const DECODED_FORBIDDEN = /[/\\%;?#\u0000-\u001f\u007f]/;

function assertPath(path: string): void {
  if (/[\r\n]/.test(path)) {
    throw invalid('request.path must not contain CR or LF');
  }
  // `//host/x` is a network-path reference and `/x://y` smuggles a scheme: both name a host.
  if (
    !path.startsWith('/') ||
    path.startsWith('//') ||
    /^[a-z][a-z0-9+.-]*:/i.test(path) ||
    path.includes('://')
  ) {
    throw invalid('request.path must be an absolute path without scheme or host');
  }
  if (path.includes('#')) {
    throw invalid('request.path must not contain a fragment');
  }
  const [pathOnly, query] = splitQuery(path);
  if (!PATH_CHARACTERS.test(pathOnly) || (query !== undefined && !QUERY_CHARACTERS.test(query))) {
    throw invalid('request.path contains a character that is not allowed');
  }
  if (PERCENT_ENCODING.test(path)) {
    throw invalid('request.path has an invalid percent-encoding');
  }
  decodedSegments(pathOnly);
}

/**
 * The path a server sees after one percent-decoding, without the query: the form routes are
 * matched against. Every segment is decoded on its own; a decoded `.`/`..` segment (`%2e%2e`,
 * `.%2E`), an encoded `/`, `\`, `%` (double encoding such as `%252e`), `;`, `?`, `#` or control
 * byte, and an empty segment inside the path (`/a//b`) are refused.
 *
 * @throws AppException `invalid_argument` naming the rule that failed
 */
export function routePath(path: string): string {
  return decodedSegments(splitQuery(path)[0]).join('/');
}

function decodedSegments(pathOnly: string): string[] {
  const segments = pathOnly.split('/');
  return segments.map((segment, index) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      throw invalid('request.path has an invalid percent-encoding');
    }
    if (decoded === '.' || decoded === '..') {
      throw invalid('request.path must not contain a .. segment');
    }
    if (DECODED_FORBIDDEN.test(decoded)) {
      throw invalid(
        'request.path must not encode a separator, a percent sign or a control character',
      );
    }
    // The first segment is the empty one before the leading `/`; the last may be empty (`/a/`).
    if (decoded === '' && index !== 0 && index !== segments.length - 1) {
      throw invalid('request.path must not contain an empty segment');
    }
    return decoded;
  });
}

function checkHeaders(value: Record<string, string>): Record<string, string> {
  const entries = Object.entries(value);
  if (entries.length > MAX_HEADERS) {
    throw invalid(`request.headers has more than ${MAX_HEADERS} entries`);
  }
  let bytes = 0;
  const headers: Record<string, string> = {};
  for (const [name, text] of entries) {
    const lower = name.toLowerCase();
    if (/[\r\n]/.test(name) || /[\r\n]/.test(text)) {
      throw invalid(`request header ${name} must not contain CR or LF`);
    }
    if (REFUSED_HEADERS.includes(lower) || OVERRIDE_HEADERS.includes(lower)) {
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
 * path, then the request path with its query. The URL is then parsed again exactly as the HTTP
 * client does, and must come out unchanged: same origin, a path that is the base path followed
 * by the checked path (no dot segment collapsed, nothing re-encoded), the same query.
 *
 * @throws AppException `execution_failed` `http profile endpoint not configured` for an unusable
 *   endpoint; `policy_denied` `request.path leaves the endpoint base path` when parsing changed it
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
  const [pathOnly, query] = splitQuery(path);
  const url = new URL(base.origin);
  url.username = base.username;
  url.password = base.password;
  url.pathname = `${basePath}${pathOnly}`;
  url.search = query === undefined ? '' : `?${query}`;
  const sent = new URL(url.toString());
  if (
    sent.origin !== base.origin ||
    sent.pathname !== `${basePath}${pathOnly}` ||
    !sent.pathname.startsWith(`${basePath}/`) ||
    sent.search !== url.search
  ) {
    throw new AppException('policy_denied', 'request.path leaves the endpoint base path');
  }
  return url;
}

function splitQuery(path: string): [string, string | undefined] {
  const index = path.indexOf('?');
  return index === -1 ? [path, undefined] : [path.slice(0, index), path.slice(index + 1)];
}
