import { Type } from '@sinclair/typebox';

/** One match of `repo.symbol_search` (and, with `is_declaration`, of `repo.find_references`). */
export const SYMBOL_MATCH_MEMBERS = {
  path: Type.String(),
  line: Type.Integer(),
  column: Type.Integer(),
  snippet: Type.String(),
};
