import type { JsonValue } from '#app/contracts';
import { AppException } from '#app/errors';

// Stages that write: refused anywhere in the pipeline (CATALOG.md 15).
const WRITING_STAGES = ['$out', '$merge'] as const;

/**
 * Walks every object of the pipeline at any depth — `$facet` branches, `$lookup` and
 * `$unionWith` sub-pipelines included — and refuses a writing stage.
 *
 * @throws AppException `policy_denied` `aggregation stage <name> is not allowed`
 */
export function assertReadOnlyPipeline(value: JsonValue): void {
  const pending: JsonValue[] = [value];
  while (pending.length > 0) {
    const current = pending.pop();
    if (Array.isArray(current)) {
      pending.push(...current);
    } else if (typeof current === 'object' && current !== null) {
      for (const stage of WRITING_STAGES) {
        if (Object.hasOwn(current, stage)) {
          throw new AppException('policy_denied', `aggregation stage ${stage} is not allowed`);
        }
      }
      pending.push(...Object.values(current));
    }
  }
}
