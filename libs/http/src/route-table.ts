/** Every route of API.md 5, used to tell 405 (known path, wrong verb) from 404. */
const ROUTES: ReadonlyArray<{ pattern: RegExp; allow: string }> = [
  { pattern: /^\/healthz$/, allow: 'GET, HEAD' },
  { pattern: /^\/livez$/, allow: 'GET, HEAD' },
  { pattern: /^\/readyz$/, allow: 'GET, HEAD' },
  { pattern: /^\/metrics$/, allow: 'GET, HEAD' },
  { pattern: /^\/openapi\.json$/, allow: 'GET, HEAD' },
  { pattern: /^\/v1\/sessions$/, allow: 'POST' },
  { pattern: /^\/v1\/sessions\/[^/]+$/, allow: 'GET, HEAD, DELETE' },
  { pattern: /^\/v1\/sessions\/[^/]+\/tools$/, allow: 'GET, HEAD' },
  { pattern: /^\/v1\/sessions\/[^/]+\/tools\/[^/]+\/invoke$/, allow: 'POST' },
  { pattern: /^\/v1\/invocations\/[^/]+$/, allow: 'GET, HEAD' },
  { pattern: /^\/v1\/invocations\/[^/]+\/logs$/, allow: 'GET, HEAD' },
  { pattern: /^\/v1\/invocations\/[^/]+\/artifacts$/, allow: 'GET, HEAD' },
  { pattern: /^\/v1\/invocations\/[^/]+\/artifacts\/[^/]+$/, allow: 'GET, HEAD' },
];

/** The `Allow` header value for a known path, or `null` when no route has that path. */
export function allowedMethodsFor(url: string): string | null {
  const path = url.split('?')[0] ?? '';
  return ROUTES.find((route) => route.pattern.test(path))?.allow ?? null;
}
