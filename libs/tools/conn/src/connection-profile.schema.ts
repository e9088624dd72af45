import { Type } from '@sinclair/typebox';
import { Dictionary } from '#app/tool-registry';

/** CATALOG.md 3.11 Profile object: what a session may learn of a profile (no endpoint, no secret). */
export const CONNECTION_PROFILE = Type.Object({
  id: Type.Optional(Type.String()),
  kind: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
  read_only: Type.Optional(Type.Boolean()),
  scopes: Type.Optional(Dictionary(Type.Array(Type.String()))),
});
