import type { ProgramRunner } from '#app/tooling';

/** The container CLIs a local session may use (CATALOG.md 18 "Runtime choice"). */
export type ContainerCli = 'podman' | 'docker' | 'nerdctl';

const PROBES: ReadonlyArray<[ContainerCli, string[]]> = [
  ['podman', ['info', '--format', 'json']],
  ['docker', ['info', '--format', '{{json .}}']],
  ['nerdctl', ['info', '--format', 'json']],
];

/**
 * CATALOG.md 18 "Runtime choice" for local sessions: the first of `podman info`, `docker info`,
 * `nerdctl info` that exits 0. Probes add no log line; a missing program is simply skipped.
 */
export async function detectContainerCli(
  programs: ProgramRunner,
): Promise<ContainerCli | undefined> {
  for (const [runtime, args] of PROBES) {
    const probe = await programs.run(runtime, args, {
      log: false,
      timeoutMs: 15_000,
      outputCapBytes: 65_536,
    });
    if (probe.exit_code === 0 && probe.start_error === undefined) {
      return runtime;
    }
  }
  return undefined;
}
