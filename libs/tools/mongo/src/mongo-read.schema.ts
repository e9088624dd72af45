import { Type } from '@sinclair/typebox';
import { MaxBytesArg, ProfileIdArg, TimeoutMsArg } from '#app/connections';
import { Defaulted, OpaqueArray, ToolOutput } from '#app/tool-registry';

/** Args shared by `mongo.find` and `mongo.aggregate` (CATALOG.md 15), first in both. */
export const MONGO_READ_ARGS = {
  profile_id: ProfileIdArg,
  database: Type.String({ description: 'Database; must match the profile databases' }),
  collection: Type.String({ description: 'Collection (not governed)' }),
  limit: Defaulted(
    Type.Integer({
      description: 'Server-side document limit',
      minimum: 1,
      maximum: 200,
      default: 50,
    }),
  ),
  max_bytes: MaxBytesArg('Budget for the cumulative JSON size of the returned documents', 262_144),
  timeout_ms: TimeoutMsArg(3000),
};

/** The output of both read tools (see `mongoOutput`). */
export const MongoReadOutput = ToolOutput({
  profile_id: Type.String(),
  database: Type.String(),
  collection: Type.String(),
  documents: OpaqueArray(),
  document_count: Type.Integer(),
  effective_limit: Type.Integer(),
  total_bytes: Type.Integer(),
  truncated: Type.Boolean(),
});
