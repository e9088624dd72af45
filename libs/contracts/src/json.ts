export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** A JSON Schema document (draft-07 subset used by the catalog, CATALOG.md 1.5). */
export type JsonSchema = { [key: string]: JsonValue };
