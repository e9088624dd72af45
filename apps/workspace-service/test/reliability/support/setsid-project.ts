import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Proc, processesWith } from './processes.js';

// The program cancel-processes runs: a tree that a process-group kill alone would not end.

/** A unique number that only this test's processes carry on their command line. */
export const newMarker = (): string => String(parseInt(randomBytes(4).toString('hex'), 16));

/**
 * A node project whose `npm test` starts a `setsid` child (its own session and process group, so a
 * process-group kill alone would miss it) and then sleeps in the foreground; both sleeps carry
 * `marker` on their command line, and the child writes its pid to `child.pid`. With `seconds`
 * short, the run simply succeeds after that long.
 */
export function project(root: string, marker: string, seconds = 300): string {
  const repo = join(root, `seed-${marker}`);
  mkdirSync(repo, { recursive: true });
  writeFileSync(
    join(repo, 'package.json'),
    JSON.stringify({ name: 'cancel', version: '1.0.0', scripts: { test: 'sh run.sh' } }),
  );
  writeFileSync(
    join(repo, 'run.sh'),
    [
      `setsid sh -c 'echo $$ > child.pid; exec sleep ${seconds}.${marker}' &`,
      `sleep ${seconds}.${marker}`,
      'exit 0',
      '',
    ].join('\n'),
  );
  return repo;
}

/** Both sleeps alive, in two different sessions: the `setsid` child really left the group. */
export function treeRunning(marker: string): Proc[] | undefined {
  const procs = processesWith(marker);
  return procs.length >= 2 && new Set(procs.map((proc) => proc.session)).size >= 2
    ? procs
    : undefined;
}
