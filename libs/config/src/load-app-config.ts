import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { deepFreeze } from '#app/contracts';
import type { AppConfig } from './app-config.js';
import { buildAppConfig } from './build-app-config.js';
import { describeProblem } from './config-problem.js';
import { ConfigValidationError } from './config-validation.error.js';
import { EnvironmentVariables, SECRET_VARIABLES } from './env.schema.js';

/**
 * Reads the environment once into the validated, deep-frozen `AppConfig` (CONFIG.md 1 and 2).
 * Values are trimmed; unset or empty means the default; only features that are switched on are
 * validated.
 *
 * @param env usually `process.env`; this is the only place the service reads it.
 * @throws ConfigValidationError with every problem found; print `format()` to stderr and exit 1.
 */
export function loadAppConfig(env: Record<string, string | undefined>): AppConfig {
  const variables = plainToInstance(EnvironmentVariables, trimValues(env), {
    excludeExtraneousValues: true,
  });
  // One rule per variable: the first that fails is the one worth reporting.
  const errors = validateSync(variables, { stopAtFirstError: true });
  if (errors.length > 0) {
    throw new ConfigValidationError(errors.map(toProblem));
  }
  return deepFreeze(buildAppConfig(variables));
}

function trimValues(env: Record<string, string | undefined>): Record<string, string> {
  const trimmed: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    const text = value?.trim();
    if (text) {
      trimmed[name] = text;
    }
  }
  return trimmed;
}

function toProblem(error: ValidationError): string {
  const rule = Object.values(error.constraints ?? {})[0] ?? 'is invalid';
  const value = typeof error.value === 'string' ? error.value : undefined;
  return describeProblem(error.property, rule, value, SECRET_VARIABLES.has(error.property));
}
