import { ConfigValidationError } from './config-validation.error.js';

describe('ConfigValidationError', () => {
  it('should format one problem in the singular when there is one', () => {
    const error = new ConfigValidationError([
      'PORT: must be an integer between 1 and 65535 (got "x")',
    ]);

    expect(error.format()).toBe(
      'invalid configuration (1 problem):\n  PORT: must be an integer between 1 and 65535 (got "x")',
    );
  });

  it('should format every problem on its own indented line when there are several', () => {
    const error = new ConfigValidationError([
      'A: bad (got "1")',
      'B: bad (got "2")',
      'C: required',
    ]);

    expect(error.format()).toBe(
      'invalid configuration (3 problems):\n  A: bad (got "1")\n  B: bad (got "2")\n  C: required',
    );
    expect(error.problems).toEqual(['A: bad (got "1")', 'B: bad (got "2")', 'C: required']);
    expect(error.name).toBe('ConfigValidationError');
    expect(error).toBeInstanceOf(Error);
  });
});
