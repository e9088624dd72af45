import type { JsonObject } from '#app/contracts';
import { extractDiagnostics } from '#app/tooling';
import type { StepName } from './pipeline-steps.js';
import type { StepOutcome } from './step-outcome.js';
import { asObject } from './step-output.js';

const MAX_STATIC_DIAGNOSTICS = 200;
const DIAGNOSTIC_LINE = /error|warning|fail|undefined/i;

/** CATALOG.md 8: what each step feeds to the gate. */
export function collectMetrics(step: StepName, outcome: StepOutcome, metrics: JsonObject): void {
  const output = asObject(outcome.result?.output);
  if (step === 'test' && outcome.record.status === 'failed') {
    const summarised = typeof output['failed_count'] === 'number' ? output['failed_count'] : 0;
    metrics['failed_tests_count'] = Math.max(1, summarised);
  } else if (step === 'static_analysis' && outcome.record.status !== 'skipped') {
    const diagnostics = extractDiagnostics(outcome.output, MAX_STATIC_DIAGNOSTICS);
    // A clean run prints no diagnostic lines; its other lines (banners) are not findings.
    const findings =
      outcome.record.status === 'failed'
        ? diagnostics
        : diagnostics.filter((line) => DIAGNOSTIC_LINE.test(line));
    metrics['diagnostics_count'] = findings.length;
  } else if (step === 'coverage' && typeof output['coverage_percent'] === 'number') {
    metrics['coverage_percent'] = output['coverage_percent'];
  }
}
