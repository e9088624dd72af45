import { describeProblem } from './config-problem.js';

describe('describeProblem', () => {
  it('should quote the offending value when the variable is not secret', () => {
    expect(describeProblem('PORT', 'must be an integer between 1 and 65535', 'abc', false)).toBe(
      'PORT: must be an integer between 1 and 65535 (got "abc")',
    );
  });

  it('should redact the value when the variable is secret', () => {
    expect(describeProblem('VALKEY_PASSWORD', 'is invalid', 'p@ss', true)).toBe(
      'VALKEY_PASSWORD: is invalid (got <redacted>)',
    );
  });

  it('should redact the value when a secret value is long', () => {
    const line = describeProblem(
      'WORKSPACE_AUTH_SHARED_TOKEN',
      'is invalid',
      's'.repeat(200),
      true,
    );

    expect(line).toBe('WORKSPACE_AUTH_SHARED_TOKEN: is invalid (got <redacted>)');
  });

  it('should omit the value when the variable is unset', () => {
    expect(
      describeProblem(
        'WORKSPACE_AUTH_SHARED_TOKEN',
        'required when WORKSPACE_AUTH_MODE=trusted_headers',
        undefined,
        true,
      ),
    ).toBe('WORKSPACE_AUTH_SHARED_TOKEN: required when WORKSPACE_AUTH_MODE=trusted_headers');
  });

  it('should cut after 80 characters with … when the value is longer', () => {
    const value = '0123456789'.repeat(9);

    expect(describeProblem('X', 'bad', value, false)).toBe(`X: bad (got "${value.slice(0, 80)}…")`);
  });

  it('should count characters rather than UTF-16 units when the value has emoji', () => {
    const value = '😀'.repeat(81);

    expect(describeProblem('X', 'bad', value, false)).toBe(`X: bad (got "${'😀'.repeat(80)}…")`);
  });

  it('should escape control characters when the value spans lines', () => {
    expect(describeProblem('X', 'bad', 'a\nb\tc\u0001', false)).toBe(
      'X: bad (got "a\\nb\\tc\\u0001")',
    );
  });
});
