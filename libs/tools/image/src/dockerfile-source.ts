import type { ProgramRunner } from '#app/tooling';
import { programPath } from './image-paths.js';

/** CATALOG.md 17: the Dockerfile is read with `cat` through the runner, capped at 512 KiB. */
export const DOCKERFILE_READ_CAP = 512 * 1024;
const TRUNCATION_MARKER = '\n[output truncated]';

/** The Dockerfile text, or `undefined` when `cat` cannot read it. A file read adds no log line. */
export async function readDockerfile(
  programs: ProgramRunner,
  path: string,
): Promise<string | undefined> {
  const run = await programs.run('cat', ['--', programPath(path)], {
    log: false,
    outputCapBytes: DOCKERFILE_READ_CAP,
    timeoutMs: 15_000,
  });
  if (run.exit_code !== 0 || run.start_error !== undefined) {
    return undefined;
  }
  return run.truncated && run.output.endsWith(TRUNCATION_MARKER)
    ? run.output.slice(0, -TRUNCATION_MARKER.length)
    : run.output;
}
