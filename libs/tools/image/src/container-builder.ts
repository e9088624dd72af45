import type { ProgramRun, ProgramRunner } from '#app/tooling';

export type ContainerBuilder = 'buildah' | 'podman' | 'docker';

const BUILDERS: readonly ContainerBuilder[] = ['buildah', 'podman', 'docker'];

/**
 * CATALOG.md 17 builder detection: `buildah version`, then `podman version`, then `docker version`
 * through the session's runner; the first that exits 0. Probes add no log line.
 */
export async function detectBuilder(
  programs: ProgramRunner,
): Promise<ContainerBuilder | undefined> {
  for (const builder of BUILDERS) {
    const probe = await programs.run(builder, ['version'], {
      log: false,
      timeoutMs: 15_000,
      outputCapBytes: 4096,
    });
    if (probe.exit_code === 0 && probe.start_error === undefined) {
      return builder;
    }
  }
  return undefined;
}

const USER_NAMESPACE_FAILURES = [
  'unshare(clone_newuser)',
  'cannot clone: operation not permitted',
  '(unable to determine exit status)',
];

/**
 * CATALOG.md 3.12: podman or buildah failing because the runtime cannot create a user namespace
 * (rootless builders inside an unprivileged container or sandbox). Docker talks to a daemon and
 * never hits this, so its failures are real failures.
 */
export function isUserNamespaceFailure(builder: ContainerBuilder, run: ProgramRun): boolean {
  if (builder === 'docker' || run.exit_code === 0) {
    return false;
  }
  const output = run.output.toLowerCase();
  return USER_NAMESPACE_FAILURES.some((marker) => output.includes(marker));
}
