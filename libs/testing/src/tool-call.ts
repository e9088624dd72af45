import type { TObject } from '@sinclair/typebox';
import type { JsonObject } from '#app/contracts';
import { AppException } from '#app/errors';
import {
  type ArgsOf,
  ArgsValidator,
  type ToolContext,
  toolDefinitionOf,
  validationSchema,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import type { ValidateFunction } from 'ajv';

const validator = new ArgsValidator();
const compiled = new WeakMap<object, { validate: ValidateFunction; schema: JsonObject }>();

/** A call as a spec writes it: args as a caller would send them (defaults may be left out). */
export type ToolCall = Omit<ToolContext, 'args'> & { args: JsonObject };

/**
 * Runs a `@Tool()` handler the way the pipeline does: args validated against the declared schema
 * (an `invalid_argument` AppException otherwise) and defaults filled in before `execute`.
 */
export async function callTool<S extends TObject>(
  tool: ToolHandler<S>,
  call: ToolCall,
): Promise<ToolResult> {
  const { validate, schema } = compiledFor(tool);
  const validation = validator.validate(validate, schema, call.args);
  if (!validation.ok) {
    throw new AppException('invalid_argument', validation.message);
  }
  return tool.execute({ ...call, args: validation.toolArgs as ArgsOf<S> });
}

function compiledFor(tool: object): { validate: ValidateFunction; schema: JsonObject } {
  const type = tool.constructor;
  const cached = compiled.get(type);
  if (cached) {
    return cached;
  }
  const definition = toolDefinitionOf(type);
  if (!definition) {
    throw new Error(`${type.name} is not a @Tool() class`);
  }
  const schema = validationSchema(definition.inputSchema);
  const entry = { validate: validator.compile(schema), schema };
  compiled.set(type, entry);
  return entry;
}
