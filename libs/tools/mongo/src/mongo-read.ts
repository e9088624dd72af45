import type { AbstractCursor, Document } from 'mongodb';
import {
  type CallDeadline,
  integerSchema,
  maxBytesSchema,
  outputSchema,
  PROFILE_ID_SCHEMA,
  readInteger,
  stringSchema,
  timeoutMsSchema,
  withinBudget,
} from '#app/connections';
import type { JsonObject, JsonSchema } from '#app/contracts';
import { DocumentBudget } from './extended-json.js';

/** Args shared by `mongo.find` and `mongo.aggregate` (CATALOG.md 15). */
export const MONGO_COMMON_ARGS: Record<string, JsonSchema> = {
  profile_id: PROFILE_ID_SCHEMA,
  database: stringSchema('Database; must match the profile databases'),
  collection: stringSchema('Collection (not governed)'),
  limit: integerSchema('Server-side document limit', 1, 200, 50),
  max_bytes: maxBytesSchema(
    'Budget for the cumulative JSON size of the returned documents',
    262_144,
  ),
  timeout_ms: timeoutMsSchema(3000),
};

export const MONGO_OUTPUT_SCHEMA: JsonSchema = outputSchema({
  profile_id: 'string',
  database: 'string',
  collection: 'string',
  documents: 'array',
  document_count: 'integer',
  effective_limit: 'integer',
  total_bytes: 'integer',
  truncated: 'boolean',
});

export function readLimits(args: JsonObject): { limit: number; maxBytes: number } {
  return {
    limit: readInteger(args, 'limit', 50, 1, 200),
    maxBytes: readInteger(args, 'max_bytes', 262_144, 1, 1_048_576),
  };
}

/** Drains a cursor into the byte budget, stopping at the first document that does not fit. */
export async function collect(
  cursor: AbstractCursor<Document>,
  budget: DocumentBudget,
  deadline: CallDeadline,
): Promise<void> {
  try {
    for (;;) {
      const document = await withinBudget(cursor.next(), deadline.remainingMs());
      if (document === null || !budget.add(document)) {
        return;
      }
    }
  } finally {
    await withinBudget(cursor.close(), 500).catch(() => undefined);
  }
}

export function mongoOutput(
  ids: { profileId: string; database: string; collection: string },
  limit: number,
  budget: DocumentBudget,
): JsonObject {
  return {
    profile_id: ids.profileId,
    database: ids.database,
    collection: ids.collection,
    documents: budget.documents,
    document_count: budget.documents.length,
    effective_limit: limit,
    total_bytes: budget.totalBytes,
    truncated: budget.truncated,
  };
}
