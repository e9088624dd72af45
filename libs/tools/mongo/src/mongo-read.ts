import type { AbstractCursor, Document } from 'mongodb';
import { type CallDeadline, withinBudget } from '#app/connections';
import type { JsonObject } from '#app/contracts';
import type { DocumentBudget } from './extended-json.js';

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
