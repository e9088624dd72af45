import { normaliseLicenseList } from './license-tokens.js';
import { evaluateLicense } from './license-verdict.js';

const policy = (allowed: string[], denied: string[]) => ({
  allowed: new Set(normaliseLicenseList(allowed)),
  denied: new Set(normaliseLicenseList(denied)),
});

describe('evaluateLicense', () => {
  it('should deny on any denied token, even inside an OR expression', () => {
    expect(evaluateLicense('MIT OR GPL-3.0-only', policy([], ['gpl-3.0-only']))).toEqual({
      verdict: 'denied',
      reason: 'matched denied license: GPL-3.0-ONLY',
    });
  });

  it('should allow when any token is on the allow list and deny other known licenses', () => {
    const allowList = policy(['MIT', 'Apache-2.0'], []);
    expect(evaluateLicense('(Apache-2.0 OR BSD-2-Clause)', allowList)).toEqual({
      verdict: 'allowed',
    });
    expect(evaluateLicense('ISC', allowList)).toEqual({
      verdict: 'denied',
      reason: 'license not present in allowed_licenses',
    });
    expect(evaluateLicense('unknown', allowList)).toEqual({
      verdict: 'unknown',
      reason: 'license unknown',
    });
  });

  it('should allow everything known without an allow list and mark unknown or empty licenses unknown', () => {
    expect(evaluateLicense('WTFPL', policy([], ['GPL-3.0']))).toEqual({ verdict: 'allowed' });
    expect(evaluateLicense('NOASSERTION', policy([], []))).toEqual({
      verdict: 'unknown',
      reason: 'license unknown',
    });
    expect(evaluateLicense('()', policy([], []))).toEqual({
      verdict: 'unknown',
      reason: 'license unknown',
    });
  });
});
