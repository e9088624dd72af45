import { createRequire } from 'node:module';
import type { BenchmarkRequest } from './benchmark-request.js';
import { LatencySample } from './latency-sample.js';
import type { LoadPlan } from './load-plan.js';

// autocannon is CommonJS without types; only the members used here are declared.
interface AutocannonInstance extends PromiseLike<Record<string, unknown>> {
  on(
    event: 'response',
    listener: (client: unknown, statusCode: number, bytes: number, responseTimeMs: number) => void,
  ): void;
  on(event: 'reqError', listener: (error: Error) => void): void;
  stop(): void;
}
type Autocannon = (options: Record<string, unknown>) => AutocannonInstance;

const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as Autocannon;

// A single request slower than this counts as failed (k6's default is 60 s; runs here are ≤ 60 s).
const REQUEST_TIMEOUT_SECONDS = 10;

export interface BenchmarkMeasurement {
  latency: LatencySample;
  requests: number;
  failed: number;
  /** Responses with a status below 500 (the k6 check `status < 500`). */
  checksPassed: number;
  httpCodes: Record<string, number>;
  elapsedMs: number;
  /** autocannon's own result object (raw metrics artifact). */
  raw: Record<string, unknown>;
}

/**
 * Runs the load in-process with autocannon (k6 is not available on these machines). The run stops
 * at `durationMs` (autocannon itself only counts whole seconds) or when the signal aborts.
 */
export async function runAutocannon(
  url: URL,
  request: BenchmarkRequest,
  plan: LoadPlan,
  signal: AbortSignal,
): Promise<BenchmarkMeasurement> {
  const latency = new LatencySample();
  const httpCodes: Record<string, number> = {};
  let responses = 0;
  let errors = 0;
  let failed = 0;
  let checksPassed = 0;
  const started = Date.now();
  const instance = autocannon({
    url: url.toString(),
    method: request.method,
    headers: request.headers,
    ...(request.body !== undefined ? { body: request.body } : {}),
    connections: plan.vus,
    ...(plan.mode === 'arrival_rate' ? { overallRate: plan.rps } : {}),
    duration: Math.ceil(plan.durationMs / 1000),
    timeout: REQUEST_TIMEOUT_SECONDS,
  });
  instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
    responses += 1;
    latency.add(responseTimeMs);
    const code = String(statusCode);
    httpCodes[code] = (httpCodes[code] ?? 0) + 1;
    // k6 http_req_failed: status ≥ 400 or no response.
    if (statusCode >= 400) {
      failed += 1;
    }
    if (statusCode < 500) {
      checksPassed += 1;
    }
  });
  instance.on('reqError', () => {
    errors += 1;
  });
  const stop = (): void => instance.stop();
  const timer = setTimeout(stop, plan.durationMs);
  signal.addEventListener('abort', stop, { once: true });
  try {
    const raw = await instance;
    return {
      latency,
      requests: responses + errors,
      failed: failed + errors,
      checksPassed,
      httpCodes,
      elapsedMs: Date.now() - started,
      raw,
    };
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', stop);
  }
}
