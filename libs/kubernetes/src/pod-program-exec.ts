import { randomBytes } from 'node:crypto';
import type { ExecResult } from '#app/contracts';
import type { KubeClient } from './kube-client.js';
import { execInPod, type PodExecRequest, type PodExecTarget } from './pod-exec.js';
import { buildPodExecCommand } from './shell-quote.js';

/**
 * The variable that marks every process of one program run in a pod. It is inherited through
 * fork, exec, `setsid` and daemonising alike, which a process group is not.
 */
export const EXEC_MARK_VARIABLE = 'WORKSPACE_EXEC_ID';

/** Between SIGTERM and SIGKILL, as for local programs (API.md 6 E1). */
const KILL_GRACE_SECONDS = 2;
/** Budget of the kill exec itself: the grace plus two scans of the pod's /proc. */
const KILL_EXEC_TIMEOUT_MS = 15_000;

/**
 * Sends `$2` to every process whose environment holds exactly `WORKSPACE_EXEC_ID=$1`; exit 0 when
 * it signalled one. POSIX sh, `tr` and `grep` only, so any runner image with a shell can run it.
 */
const SIGNAL_MARKED = [
  'signal_marked() {',
  '  hit=1',
  '  for dir in /proc/[0-9]*; do',
  `    if tr '\\0' '\\n' < "$dir/environ" 2>/dev/null | grep -qxF "${EXEC_MARK_VARIABLE}=$1"; then`,
  '      kill -s "$2" "${dir#/proc/}" 2>/dev/null && hit=0',
  '    fi',
  '  done',
  '  return $hit',
  '}',
].join('\n');

/** `sh -c <this> sh <mark>`: SIGTERM to the marked tree, SIGKILL to what is left after the grace. */
export const KILL_MARKED_SCRIPT = [
  SIGNAL_MARKED,
  'signal_marked "$1" TERM || exit 0',
  `sleep ${KILL_GRACE_SECONDS}`,
  'signal_marked "$1" KILL',
  'exit 0',
].join('\n');

export interface PodProgram {
  workdir: string;
  command: string;
  args: readonly string[];
  env?: Record<string, string>;
}

/**
 * Runs a program in a pod (API.md 8.4) so that a deadline or a cancellation ends every process it
 * started. Closing the exec stream alone does not: the container runtime keeps an exec'd process
 * running after its client has gone. So each run is marked with a fresh {@link EXEC_MARK_VARIABLE}
 * and, when the stream was closed early (deadline, cancel, session close, shutdown), a second exec
 * signals every process carrying the mark — SIGTERM, then SIGKILL after 2 s — `setsid` descendants
 * included. A descendant that clears its own environment escapes; the pod's lifetime bounds it.
 */
export async function execProgramInPod(
  client: KubeClient,
  target: PodExecTarget,
  program: PodProgram,
  request: Omit<PodExecRequest, 'argv'>,
): Promise<ExecResult> {
  const mark = `exec-${randomBytes(8).toString('hex')}`;
  const env = { ...program.env, [EXEC_MARK_VARIABLE]: mark };
  const argv = buildPodExecCommand(program.workdir, program.command, program.args, env);
  const result = await execInPod(client, target, { ...request, argv });
  if (result.timed_out) {
    await killMarked(client, target, mark);
  }
  return result;
}

/** Best effort: a pod that is gone or unreachable has nothing left to kill, or cannot be helped. */
async function killMarked(client: KubeClient, target: PodExecTarget, mark: string): Promise<void> {
  await execInPod(client, target, {
    argv: ['sh', '-c', KILL_MARKED_SCRIPT, 'sh', mark],
    timeoutMs: KILL_EXEC_TIMEOUT_MS,
    outputCapBytes: 4096,
  }).catch(() => undefined);
}
