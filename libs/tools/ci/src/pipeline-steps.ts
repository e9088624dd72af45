import type { JsonObject } from '#app/contracts';
import type { ProjectType } from '#app/tooling';

export type StepName =
  'validate' | 'build' | 'test' | 'static_analysis' | 'coverage' | 'quality_gate';
export type StepStatus = 'succeeded' | 'failed' | 'skipped';

/** One entry of the `steps` output member (CATALOG.md 8). */
export interface StepRecord extends JsonObject {
  name: StepName;
  status: StepStatus;
  command: string[];
  exit_code: number;
}

/** A planned step: the catalog tool that runs it, or why it is skipped. */
export interface PlannedStep {
  name: StepName;
  /** Catalog tool resolved through the registry at run time; absent = skipped. */
  tool?: string;
}

export interface PipelineOptions {
  includeStaticAnalysis: boolean;
  includeCoverage: boolean;
  includeQualityGate: boolean;
}

/** Every catalog tool a pipeline may call; declared with `@UsesTools()` so startup checks them. */
export const PIPELINE_STEP_TOOLS = [
  'repo.validate',
  'repo.build',
  'repo.test',
  'repo.static_analysis',
  'repo.coverage_report',
  'quality.gate',
] as const;

/**
 * CATALOG.md 8: validate, build, test, static_analysis (if included), coverage (if included; go
 * only), quality_gate (if included). The matrix commands are those of the `repo.*` tools, which
 * the pipeline invokes rather than re-implements.
 */
export function planPipeline(projectType: ProjectType, options: PipelineOptions): PlannedStep[] {
  const steps: PlannedStep[] = [
    { name: 'validate', tool: 'repo.validate' },
    { name: 'build', tool: 'repo.build' },
    { name: 'test', tool: 'repo.test' },
  ];
  if (options.includeStaticAnalysis) {
    steps.push({ name: 'static_analysis', tool: 'repo.static_analysis' });
  }
  if (options.includeCoverage) {
    steps.push(
      projectType === 'go'
        ? { name: 'coverage', tool: 'repo.coverage_report' }
        : { name: 'coverage' },
    );
  }
  if (options.includeQualityGate) {
    steps.push({ name: 'quality_gate', tool: 'quality.gate' });
  }
  return steps;
}
