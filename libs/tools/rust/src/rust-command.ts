import type { ToolContext, ToolResult } from '#app/tool-registry';
import { COMMAND_OUTPUT_CAP, ProgramRunner, langResult, langRunOf } from '#app/tooling';

/** Runs one `cargo` command for a `rust.*` tool and shapes the `LANG_OUTPUT` result (CATALOG.md 7). */
export async function runCargo(
  ctx: Pick<ToolContext, 'workspace' | 'signal'>,
  toolName: string,
  args: string[],
  timeoutSeconds: number,
): Promise<ToolResult> {
  const programs = new ProgramRunner(ctx, {
    timeoutMs: timeoutSeconds * 1000,
    outputCapBytes: COMMAND_OUTPUT_CAP,
  });
  const run = await programs.run('cargo', args);
  return langResult(langRunOf(run), { toolName, maxDiagnostics: 80, logs: programs.logs });
}

/** `[--package <target>]`; `checkPackageArg` has already refused a leading `-`. */
export function packageArgs(target: string | undefined): string[] {
  return target === undefined ? [] : ['--package', target];
}
