// Building blocks of the component schemas; shared by value, so each use serialises the same.
export const str = { type: 'string' };
export const int = { type: 'integer' };
export const bool = { type: 'boolean' };
export const strings = { type: 'array', items: str };
export const timestamp = { type: 'string', format: 'date-time' };
/** A JSON object of any members (tool args, schemas, policy): typed clients read it as a record. */
export const freeForm = { type: 'object', additionalProperties: true };
