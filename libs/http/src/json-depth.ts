/**
 * Levels a request body may nest below its top-level object (API.md 1.2). Deep enough for any real
 * tool argument; shallow enough that every walk over a body (Ajv, policy, redaction, the audit
 * hash, tool-side guards) stays far from the stack limit.
 */
export const MAX_BODY_NESTING = 64;

/**
 * The deepest nesting of objects and arrays in JSON text, counted without recursion and without
 * parsing (so the check also protects the parser). The top-level container is level 0; brackets
 * inside strings do not count. Malformed text is left to `JSON.parse`.
 */
export function jsonNestingOf(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 0x5c) {
        // Backslash: the next character is escaped, whatever it is.
        index += 1;
      } else if (code === 0x22) {
        inString = false;
      }
      continue;
    }
    if (code === 0x22) {
      inString = true;
    } else if (code === 0x7b || code === 0x5b) {
      depth += 1;
      deepest = Math.max(deepest, depth);
    } else if (code === 0x7d || code === 0x5d) {
      depth -= 1;
    }
  }
  return Math.max(deepest - 1, 0);
}
