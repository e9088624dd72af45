import { plainToInstance } from 'class-transformer';
import { ENV_DEFAULTS } from './env.defaults.js';
import { EnvironmentVariables } from './env.schema.js';

/** Default names that the schema does not declare: `never` while every default is declared. */
type UndeclaredDefault = Exclude<keyof typeof ENV_DEFAULTS, keyof EnvironmentVariables>;

describe('ENV_DEFAULTS', () => {
  it('should default only variables the schema declares', () => {
    // Typecheck fails here when a default names an undeclared variable: the record needs a key.
    const undeclaredAtCompileTime: Record<UndeclaredDefault, never> = {};
    const declared = Object.keys(
      plainToInstance(EnvironmentVariables, {}, { excludeExtraneousValues: true }),
    );

    const undeclared = Object.keys(ENV_DEFAULTS).filter((name) => !declared.includes(name));

    expect(undeclaredAtCompileTime).toEqual({});
    expect(declared.length).toBeGreaterThan(Object.keys(ENV_DEFAULTS).length);
    expect(undeclared).toEqual([]);
  });
});
