import type { JsonObject } from '#app/contracts';
import { AppException } from '#app/errors';

/** Hard caps of CATALOG.md 10: the schema enforces them, the handler clamps again. */
export const MAX_VUS = 50;
export const MAX_RPS = 200;
export const MAX_DURATION_MS = 60_000;

export interface LoadPlan {
  mode: 'constant_vus' | 'arrival_rate';
  durationMs: number;
  /** Connections (pre-allocated VUs). */
  vus: number;
  /** Target arrival rate per second; 0 in constant_vus mode. */
  rps: number;
  maxVus: number;
}

/**
 * @throws AppException `invalid_argument` `constraints violation: …`
 */
export function readLoadPlan(args: JsonObject): LoadPlan {
  const load = (args['load'] ?? {}) as Record<string, unknown>;
  const mode = load['mode'] === 'arrival_rate' ? 'arrival_rate' : 'constant_vus';
  const durationMs = clamp(load['duration_ms'], 10_000, 100, MAX_DURATION_MS);
  const rps = typeof load['rps'] === 'number' ? clamp(load['rps'], 1, 1, MAX_RPS) : undefined;
  if (mode === 'arrival_rate' && rps === undefined) {
    throw new AppException(
      'invalid_argument',
      'constraints violation: rps is required for arrival_rate',
    );
  }
  const requestedVus =
    typeof load['vus'] === 'number'
      ? Math.trunc(load['vus'])
      : mode === 'arrival_rate'
        ? (rps ?? 1)
        : 1;
  if (mode === 'constant_vus' && requestedVus > MAX_VUS) {
    throw new AppException(
      'invalid_argument',
      `constraints violation: vus must be at most ${MAX_VUS}`,
    );
  }
  return {
    mode,
    durationMs,
    // arrival_rate pre-allocates `rps` VUs by default; the pool never grows past max_vus.
    vus: Math.min(MAX_VUS, Math.max(1, requestedVus)),
    rps: mode === 'arrival_rate' ? (rps ?? 1) : 0,
    maxVus: MAX_VUS,
  };
}

function clamp(value: unknown, fallback: number, minimum: number, maximum: number): number {
  const number = typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : fallback;
  return Math.min(maximum, Math.max(minimum, number));
}
