import { parseImageReference } from './image-reference.js';
import { type LintIssue, issue } from './lint-issue.js';

/** CATALOG.md 17 "Image reference lint" (all on line 0). */
export function lintImageReference(reference: string): LintIssue[] {
  const { tag, digest } = parseImageReference(reference);
  const issues: LintIssue[] = [];
  if (tag === 'latest') {
    issues.push(
      issue('image_ref.latest_tag', 'medium', 0, 'image reference uses the latest tag', reference),
    );
  }
  if (tag === '' && digest === '') {
    issues.push(
      issue(
        'image_ref.missing_tag_or_digest',
        'medium',
        0,
        'image reference has neither tag nor digest',
        reference,
      ),
    );
  }
  if (tag !== '' && digest === '') {
    issues.push(
      issue(
        'image_ref.missing_digest',
        'low',
        0,
        'image reference is not pinned by digest',
        reference,
      ),
    );
  }
  return issues;
}
