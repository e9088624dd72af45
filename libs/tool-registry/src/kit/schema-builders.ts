import {
  type Static,
  type TOptional,
  type TProperties,
  type TSchema,
  type TObject,
  type TUnsafe,
  type SchemaOptions,
  Type,
} from '@sinclair/typebox';
import type { JsonObject, JsonValue } from '#app/contracts';

/**
 * A member the caller may omit because the schema's `default` fills it in before the handler runs
 * (Ajv `useDefaults`). Unlike `Type.Optional`, the handler's `args` type then holds it as present.
 */
export type TDefaulted<T extends TSchema> = TOptional<T> & { default: Static<T> };

/**
 * Marks a member whose schema carries a `default`: omitted or `null` in a call, the handler receives
 * that default. Write the default in the schema options, where the catalog shows it.
 *
 * @example max_entries: Defaulted(Type.Integer({ minimum: 1, maximum: 1000, default: 200 }))
 * @throws Error at declaration when the schema has no `default` (a mistake in the tool's source).
 */
export function Defaulted<T extends TSchema>(schema: T): TDefaulted<T> {
  if (!('default' in schema)) {
    throw new Error('Defaulted() needs a schema with a default value');
  }
  return Type.Optional(schema) as TDefaulted<T>;
}

/** Marks a `ComputedDefault` node: its `default` is published but never filled in. */
export const ComputedDefaultKind = Symbol.for('workspace-service/ComputedDefault');

/**
 * A member whose default the handler computes — from the service's configuration or from another
 * member — rather than a fixed value: the catalog publishes the schema's `default` (the usual value),
 * Ajv does not fill it in, and the handler applies the computed one when the member is absent
 * (`args.strict ?? config.strictByDefault`).
 *
 * @example strict: ComputedDefault(Type.Boolean({ description: '…', default: true }))
 */
export function ComputedDefault<T extends TSchema>(schema: T): TOptional<T> {
  if (!('default' in schema)) {
    throw new Error('ComputedDefault() needs a schema with the published default value');
  }
  return Type.Optional({ ...schema, [ComputedDefaultKind]: true }) as unknown as TOptional<T>;
}

/**
 * A tool's `args`: an object refusing unknown members (CATALOG.md 1.5). `required` lists the
 * members that are neither `Type.Optional` nor `Defaulted`, and is omitted when empty.
 */
export function ToolArgs<P extends TProperties>(properties: P): TObject<P> {
  return Type.Object(properties, { additionalProperties: false });
}

/**
 * A tool's output (CATALOG.md 1.6): every member documented, none required, so the schema reads as
 * a description of what a result may hold.
 */
export function ToolOutput(members: Record<string, TSchema>): TObject {
  const properties: TProperties = {};
  for (const [name, member] of Object.entries(members)) {
    properties[name] = Type.Optional(member);
  }
  return Type.Object(properties);
}

/** A string from a fixed set, published as `{"type":"string","enum":[...]}` (not TypeBox's `anyOf`). */
export function StringEnum<const V extends readonly string[]>(
  values: V,
  options: SchemaOptions = {},
): TUnsafe<V[number]> {
  return Type.Unsafe<V[number]>({ type: 'string', enum: [...values], ...options });
}

/** An object whose members are not described (`{"type":"object"}`), e.g. a free-form report. */
export function OpaqueObject(options: SchemaOptions = {}): TUnsafe<JsonObject> {
  return Type.Unsafe<JsonObject>({ type: 'object', ...options });
}

/** An array whose items are not described (`{"type":"array"}`). */
export function OpaqueArray(options: SchemaOptions = {}): TUnsafe<JsonValue[]> {
  return Type.Unsafe<JsonValue[]>({ type: 'array', ...options });
}

/** A string-keyed map (`{"type":"object","additionalProperties":<value>}`), e.g. HTTP headers. */
export function Dictionary<V extends TSchema>(
  value: V,
  options: SchemaOptions = {},
): TUnsafe<Record<string, Static<V>>> {
  return Type.Unsafe<Record<string, Static<V>>>({
    type: 'object',
    additionalProperties: value,
    ...options,
  });
}
