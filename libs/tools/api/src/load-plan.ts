import { AppException } from '#app/errors';

/** Hard caps of CATALOG.md 10: the schema enforces them, the handler clamps again. */
export const MAX_VUS = 50;
export const MAX_RPS = 200;
export const MAX_DURATION_MS = 60_000;

export const LOAD_MODES = ['constant_vus', 'arrival_rate'] as const;
export type LoadMode = (typeof LOAD_MODES)[number];

/** The `load` arg of `api.benchmark`; members left out (outside the pipeline) take their defaults. */
export interface LoadArg {
  mode?: LoadMode;
  duration_ms?: number;
  vus?: number;
  rps?: number;
}

export interface LoadPlan {
  mode: LoadMode;
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
export function readLoadPlan(args: { load?: LoadArg }): LoadPlan {
  const load = args.load ?? {};
  const mode = load.mode === 'arrival_rate' ? 'arrival_rate' : 'constant_vus';
  const durationMs = clamp(load.duration_ms ?? 10_000, 100, MAX_DURATION_MS);
  const rps = load.rps === undefined ? undefined : clamp(load.rps, 1, MAX_RPS);
  if (mode === 'arrival_rate' && rps === undefined) {
    throw new AppException(
      'invalid_argument',
      'constraints violation: rps is required for arrival_rate',
    );
  }
  const requestedVus =
    load.vus !== undefined ? Math.trunc(load.vus) : mode === 'arrival_rate' ? (rps ?? 1) : 1;
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

// The schema bounds the values already; the clamp keeps the caps for callers outside the pipeline.
function clamp(value: number, minimum: number, maximum: number): number {
  return Math.min(maximum, Math.max(minimum, Math.trunc(value)));
}
