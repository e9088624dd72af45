import type { WorkspaceAuth } from './workspace-auth.js';

export interface WorkspaceClientOptions {
  /** The service's root URL, e.g. `http://localhost:50053`. */
  baseUrl: string;
  /** Headers sent with every request (a gateway's own credentials, …). */
  headers?: Record<string, string>;
  /** Identity headers for `trusted_headers` mode; omit in `payload` mode. */
  auth?: WorkspaceAuth;
  /** Replaces `globalThis.fetch` (tests, proxies, instrumentation). */
  fetch?: (request: Request) => Promise<Response>;
  /** Event streams: consecutive failed reconnects before giving up (default 8). */
  maxReconnects?: number;
  /** Event streams: first reconnect delay in ms, doubled per failure (default 500). */
  reconnectDelayMs?: number;
}
