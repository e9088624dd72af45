import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { plainCopy, type JsonObject, type JsonSchema, type JsonValue } from '#app/contracts';

/**
 * `args` is the call as sent (`null` members dropped): what policy checks and audit records.
 * `toolArgs` is a copy with the schema defaults filled in: what the handler receives.
 */
export type ArgsValidation =
  { ok: true; args: JsonObject; toolArgs: JsonObject } | { ok: false; message: string };

/**
 * Compiles every input schema once at boot (draft-07 semantics, all errors, no coercion, defaults
 * filled into a copy) and turns Ajv errors into `invalid args: <json pointer> <reason>` (API.md 6 A8).
 */
export class ArgsValidator {
  private readonly ajv = new Ajv({
    allErrors: true,
    coerceTypes: false,
    useDefaults: true,
    strict: false,
  });

  compile(schema: JsonSchema): ValidateFunction {
    return this.ajv.compile(schema);
  }

  validate(validator: ValidateFunction, schema: JsonSchema, args: JsonObject): ArgsValidation {
    const cleaned = dropNullMembers(args, schema);
    // Ajv writes defaults into what it validates: the caller's args stay as sent.
    const toolArgs = plainCopy(cleaned);
    if (validator(toolArgs)) {
      return { ok: true, args: cleaned, toolArgs };
    }
    const reasons = (validator.errors ?? []).map(describeError);
    return { ok: false, message: `invalid args: ${reasons.join('; ')}` };
  }
}

/** `null` means "use the default": removed at the top level and in fixed nested objects (CATALOG 1.5). */
function dropNullMembers(value: JsonObject, schema: JsonSchema): JsonObject {
  const properties = isObject(schema['properties']) ? schema['properties'] : {};
  const result: JsonObject = {};
  for (const [key, member] of Object.entries(value)) {
    if (member === null) {
      continue;
    }
    const memberSchema = properties[key];
    const fixedNested =
      isObject(member) && isObject(memberSchema) && memberSchema['additionalProperties'] === false;
    result[key] = fixedNested ? dropNullMembers(member, memberSchema) : member;
  }
  return result;
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeError(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') {
    return `${error.instancePath}/${String(params['missingProperty'])} is required`;
  }
  if (error.keyword === 'additionalProperties') {
    return `${error.instancePath}/${String(params['additionalProperty'])} is not allowed`;
  }
  return `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`;
}
