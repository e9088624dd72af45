import type { JsonObject } from '#app/contracts';
import type { ToolResult } from '#app/tool-registry';
import { type ProgramRunner, jsonArtifact, textArtifact, textMember } from '#app/tooling';

/** The lint members of a build that never read its Dockerfile. */
export function emptyIssues(): JsonObject {
  return { issues_count: 0, issues: [], recommendations: [], truncated: false };
}

export function joinOutputs(first: string, second: string): string {
  return first === '' ? second : second === '' ? first : `${first}\n${second}`;
}

/**
 * The result of an image tool that ran programs (`image.build`, `image.push`): its output, the
 * commands' logs and the two report artifacts named after the tool.
 */
export function imageToolReport(
  kind: 'build' | 'push',
  output: JsonObject,
  programs: ProgramRunner,
  error?: ToolResult['error'],
): ToolResult {
  const exitCode = typeof output['exit_code'] === 'number' ? output['exit_code'] : 0;
  return {
    output,
    logs: programs.logs,
    exit_code: exitCode,
    artifacts: [
      jsonArtifact(`image-${kind}-report.json`, output),
      textArtifact(`image-${kind}-output.txt`, textMember(output, 'output')),
    ],
    ...(error === undefined ? {} : { error }),
  };
}

/** The `image.build` result: its output, the commands' logs and the report artifacts. */
export function imageBuildReport(
  output: JsonObject,
  programs: ProgramRunner,
  error?: ToolResult['error'],
): ToolResult {
  return imageToolReport('build', output, programs, error);
}
