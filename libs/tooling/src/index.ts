// Shared handler mechanics of CATALOG.md 3 for the command-running tool families. This library
// must not import any tool family.
export * from './c-source.js';
export * from './extra-args-filter.js';
export * from './lang-output.js';
export * from './lang-result.js';
export * from './policy-constants.js';
export * from './project-detection.js';
export * from './python-interpreter.js';
export * from './report-artifacts.js';
export * from './run-program.js';
export * from './source-walk.js';
export * from './text-helpers.js';
export * from './workspace-probe.js';
export * from './diff-paths.js';
export { checkDiffPath } from './diff-header-names.js';
export * from './patch-targets.js';
export * from './live-log-lines.js';
