import { parseHostPort } from './env-value.parsers.js';

const TRACES_PATH = '/v1/traces';

/** `host:port`, or an `http`/`https` URL (CONFIG.md 2.8). */
export function isOtlpEndpoint(raw: string): boolean {
  if (!raw.includes('://')) {
    return parseHostPort(raw) !== undefined;
  }
  const url = URL.parse(raw);
  return url !== null && (url.protocol === 'http:' || url.protocol === 'https:') && url.host !== '';
}

/**
 * The full OTLP/HTTP traces URL: `host:port` gets a scheme from `insecure` and `/v1/traces`; a URL
 * without a path gets `/v1/traces`; a URL with a path is used as given.
 */
export function deriveTracesEndpoint(raw: string, insecure: boolean): string {
  if (!raw.includes('://')) {
    return `${insecure ? 'http' : 'https'}://${raw}${TRACES_PATH}`;
  }
  const url = new URL(raw);
  if (url.pathname !== '/' && url.pathname !== '') {
    return raw;
  }
  url.pathname = TRACES_PATH;
  return url.href;
}
