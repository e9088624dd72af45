import { ENV_DEFAULTS, type DefaultedVariable } from './env.defaults.js';
import type { EnvironmentVariables } from './env.schema.js';
import type { JsonParse } from './env-json.parsers.js';
import { parseBoolean, parseEnum, parseInteger } from './env-value.parsers.js';

type Variable = keyof EnvironmentVariables;

/**
 * Typed reads of an already validated environment: a set value or else the default. The parsers
 * are the ones validation used, so a failure here is a bug (a rule missing in the schema).
 */
export class ValidatedEnv {
  constructor(private readonly env: EnvironmentVariables) {}

  optional(name: Variable): string | undefined {
    return this.env[name];
  }

  text(name: DefaultedVariable): string {
    return this.env[name] ?? ENV_DEFAULTS[name];
  }

  integer(name: DefaultedVariable): number {
    return this.parsed(name, parseInteger(this.text(name)));
  }

  boolean(name: DefaultedVariable): boolean {
    return this.parsed(name, parseBoolean(this.text(name)));
  }

  oneOf<T extends string>(name: DefaultedVariable, allowed: readonly T[]): T {
    return this.parsed(name, parseEnum(this.text(name), allowed));
  }

  /** The cleaned JSON value, or `undefined` when the variable is unset. */
  json<T>(name: Variable, parse: (raw: string) => JsonParse<T>): T | undefined {
    const raw = this.env[name];
    if (raw === undefined) {
      return undefined;
    }
    const result = parse(raw);
    return this.parsed(name, result.ok ? result.value : undefined);
  }

  private parsed<T>(name: Variable, value: T | undefined): T {
    if (value === undefined) {
      throw new Error(`${name} passed validation but cannot be parsed; the schema lacks a rule`);
    }
    return value;
  }
}
