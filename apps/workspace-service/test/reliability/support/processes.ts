import { mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sleep } from './reliability-harness.js';

// What the reliability specs look for on the host: processes a service started (through /proc, as
// the sandbox hides them from the service's own view), and the polls that wait for them.

export interface Proc {
  pid: number;
  session: number;
  /** The pid in the innermost PID namespace (the sandbox's), from `NSpid`. */
  innerPid: number;
}

/** Live (non-zombie) processes whose command line contains `marker`. */
export function processesWith(marker: string): Proc[] {
  const found: Proc[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) {
      continue;
    }
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const status = readFileSync(`/proc/${name}/status`, 'utf8');
      // Fields after the parenthesised command: state ppid pgrp session …
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const nspids = (/^NSpid:\s+(.*)$/m.exec(status)?.[1] ?? name).trim().split(/\s+/);
      if (cmdline.includes(marker) && fields[0] !== 'Z') {
        found.push({
          pid: Number(name),
          session: Number(fields[3]),
          innerPid: Number(nspids[nspids.length - 1]),
        });
      }
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

/** Pids of live processes whose working directory is under `dir` (left-over test runs). */
export function processesUnder(dir: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        return readlinkSync(`/proc/${name}/cwd`).startsWith(dir);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Probes every `intervalMs` until `probe` returns a value; throws once `boundMs` has passed. */
export async function pollUntil<T>(
  what: string,
  boundMs: number,
  probe: () => Promise<T | undefined> | T | undefined,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + boundMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`${what}: not seen within ${boundMs} ms`);
    }
    await sleep(intervalMs);
  }
}

/**
 * A node project in `root/<dir>` whose `npm test` runs for a minute: the invocation is still
 * running when the test kills its replica.
 */
export function slowProject(root: string, dir: string): string {
  const repo = join(root, dir);
  mkdirSync(repo, { recursive: true });
  writeFileSync(
    join(repo, 'package.json'),
    JSON.stringify({ name: 'slow', version: '1.0.0', scripts: { test: 'node slow.js' } }),
  );
  writeFileSync(join(repo, 'slow.js'), 'setTimeout(() => undefined, 60_000);\n');
  return repo;
}

/** The `audit.tool_invocation` lines of one invocation in a service's JSON log output. */
export function auditLinesFor(
  output: string,
  invocationId: string,
): Array<Record<string, unknown>> {
  return output
    .split('\n')
    .filter((line) => line.includes('audit.tool_invocation'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line['invocation_id'] === invocationId);
}
