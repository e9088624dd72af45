import { UNKNOWN_TOKEN, licenseTokens } from './license-tokens.js';

export type LicenseVerdict = 'allowed' | 'denied' | 'unknown';

export interface LicenseEvaluation {
  verdict: LicenseVerdict;
  /** Why a dependency is denied (or unknown); absent when allowed. */
  reason?: string;
}

export interface LicensePolicy {
  /** Normalised (see `normaliseLicenseList`). */
  allowed: ReadonlySet<string>;
  denied: ReadonlySet<string>;
}

/**
 * CATALOG.md 20 `security.license_check`, per dependency: no token → unknown; any denied token →
 * denied; with an allow list any allowed token → allowed, else unknown when a token is `UNKNOWN`,
 * else denied; without one allowed unless unknown.
 */
export function evaluateLicense(expression: string, policy: LicensePolicy): LicenseEvaluation {
  const tokens = licenseTokens(expression);
  if (tokens.length === 0) {
    return { verdict: 'unknown', reason: 'license unknown' };
  }
  const denied = tokens.find((token) => policy.denied.has(token));
  if (denied !== undefined) {
    return { verdict: 'denied', reason: `matched denied license: ${denied}` };
  }
  const unknown = tokens.includes(UNKNOWN_TOKEN);
  if (policy.allowed.size > 0) {
    if (tokens.some((token) => policy.allowed.has(token))) {
      return { verdict: 'allowed' };
    }
    return unknown
      ? { verdict: 'unknown', reason: 'license unknown' }
      : { verdict: 'denied', reason: 'license not present in allowed_licenses' };
  }
  return unknown ? { verdict: 'unknown', reason: 'license unknown' } : { verdict: 'allowed' };
}
