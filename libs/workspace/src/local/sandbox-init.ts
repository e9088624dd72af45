import { readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';

const INIT_EXIT_POLL_MS = 5;
const INIT_EXIT_WAIT_MS = 10_000;

/** The sandbox's PID-namespace init, seen from the host through `/proc/<pid>/stat`. */
export class SandboxInit {
  private constructor(
    private readonly pid: number,
    private readonly startTime: string | undefined,
  ) {}

  static observe(pid: number): SandboxInit {
    return new SandboxInit(pid, procStat(pid)?.startTime);
  }

  /** Resolves once the init is a zombie, gone, or its pid names another process (bounded). */
  async gone(): Promise<void> {
    const deadline = Date.now() + INIT_EXIT_WAIT_MS;
    while (Date.now() < deadline) {
      const stat = procStat(this.pid);
      if (stat === undefined || stat.state === 'Z' || stat.startTime !== this.startTime) {
        return;
      }
      await delay(INIT_EXIT_POLL_MS);
    }
  }
}

/**
 * State and start time (fields 3 and 22) of `/proc/<pid>/stat`; `undefined` when it is gone.
 * Synchronous: procfs is generated in memory and never waits on a disk, while the asynchronous
 * `readFile` cost four thread-pool round trips (open, fstat, read, close) twice per command,
 * measurable milliseconds on a loaded host (docs/SANDBOX.md "Cost per command").
 */
function procStat(pid: number): { state: string; startTime: string } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: split after its last `)`.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '', startTime: fields[19] ?? '' };
  } catch {
    return undefined;
  }
}
