import {
  ProgramRunner,
  commandFailedMessage,
  programFailure,
  startOrTimeoutFailure,
} from './run-program.js';
import {
  createToolWorkspace,
  gatePath,
  gatedProgram,
  openGate,
  recordProgress,
  type ToolWorkspace,
} from '#app/testing';
import type { InvocationProgress } from '#app/tool-registry';
import { MAX_LIVE_LINE_CHARS } from './live-log-lines.js';

// Nothing here is cancelled: the probes run to completion.
const signal = new AbortController().signal;

describe('ProgramRunner', () => {
  let ws: ToolWorkspace;

  beforeEach(async () => {
    ws = await createToolWorkspace();
  });
  afterEach(() => ws.cleanup());

  const runnerFor = (timeoutMs = 10_000, outputCapBytes?: number): ProgramRunner =>
    new ProgramRunner({ workspace: ws.runtime, signal }, { timeoutMs, outputCapBytes });

  it('should run in the workspace and log the combined output as one stdout line when the program succeeds', async () => {
    const programs = runnerFor();
    const run = await programs.run('sh', ['-c', 'pwd; echo oops >&2']);
    expect(run).toMatchObject({
      command: ['sh', '-c', 'pwd; echo oops >&2'],
      exit_code: 0,
      timed_out: false,
    });
    expect(run.output).toContain(ws.root.split('/').pop());
    expect(run.output).toContain('oops');
    expect(programs.logs).toEqual([
      { at: expect.stringMatching(/Z$/), channel: 'stdout', message: run.output },
    ]);
    expect(programFailure(run)).toBeUndefined();
  });

  it('should add no log line when the run is a probe', async () => {
    const programs = runnerFor();
    await programs.run('true', [], { log: false });
    expect(programs.logs).toEqual([]);
  });

  it('should map a missing executable to command not available when the program cannot start', async () => {
    const programs = runnerFor();
    const run = await programs.run('definitely-not-a-program-xyz', ['x']);
    expect(run.exit_code).toBe(-1);
    expect(programFailure(run)).toEqual({
      code: 'execution_failed',
      message: 'command not available: definitely-not-a-program-xyz',
      retryable: false,
    });
    expect(programs.logs).toEqual([]);
    expect(await programs.isAvailable('definitely-not-a-program-xyz')).toBe(false);
    expect(await programs.isAvailable('sh', ['-c', 'exit 0'])).toBe(true);
  });

  it('should map a non-zero exit to command failed with the last 2,000 characters when it is a failure', async () => {
    const run = await runnerFor().run('sh', [
      '-c',
      'head -c 3000 /dev/zero | tr "\\0" a; echo; echo END; exit 3',
    ]);
    const error = programFailure(run);
    expect(error?.code).toBe('execution_failed');
    expect(error?.message).toBe(`command failed: ${run.output.trim().slice(-2000)}`);
    expect(error?.message.endsWith('END')).toBe(true);
    expect(programFailure(run, { nonZeroIsFailure: false })).toBeUndefined();
    expect(startOrTimeoutFailure(run)).toBeUndefined();
    expect(commandFailedMessage({ ...run, output: '  ' })).toBe('command failed: exit code 3');
  });

  it('should map the per-command deadline to a retryable timeout when the program overruns', async () => {
    const run = await runnerFor(300).run('sleep', ['5']);
    expect(run).toMatchObject({ exit_code: 124, timed_out: true });
    expect(programFailure(run)).toEqual({
      code: 'timeout',
      message: 'command timed out: sleep',
      retryable: true,
    });
  });

  it('should cap the output and mark it truncated when the program prints more than the cap', async () => {
    const run = await runnerFor(10_000, 1024).run('sh', [
      '-c',
      'head -c 5000 /dev/zero | tr "\\0" b',
    ]);
    expect(run.truncated).toBe(true);
    expect(run.output.endsWith('\n[output truncated]')).toBe(true);
  });

  it('should throw the mapped error from runOrThrow when the program fails', async () => {
    await expect(runnerFor().runOrThrow('sh', ['-c', 'echo bad; exit 1'])).rejects.toMatchObject({
      code: 'execution_failed',
      message: 'command failed: bad',
    });
  });

  describe('live output (ctx.progress)', () => {
    const liveRunner = (progress: InvocationProgress, outputCapBytes?: number): ProgramRunner =>
      new ProgramRunner(
        { workspace: ws.runtime, signal, progress },
        { timeoutMs: 60_000, outputCapBytes },
      );

    it('should report complete lines per channel while the program runs, and keep the record logs as before', async () => {
      const progress = recordProgress();
      const programs = liveRunner(progress);
      const gate = gatePath(ws.root);
      // A line split over two writes (the program waits for the gate in between), a CRLF line,
      // a stderr line, and an unterminated last line.
      const { args } = gatedProgram(gate, 'one\\ntw', 'o\\nthree\\r\\n');
      const script = `${args[1]}\nprintf 'warn\\n' >&2\nprintf 'last'`;
      let settled = false;
      const running = programs.run('sh', ['-c', script, ...args.slice(2)]).finally(() => {
        settled = true;
      });

      await progress.heard('one');
      expect(settled).toBe(false);
      // "tw" is an unfinished line: not reported yet.
      expect(progress.lines.map((line) => line.message)).toEqual(['one']);
      await openGate(gate);
      const run = await running;
      expect(run.exit_code).toBe(0);

      const byChannel = (channel: string): string[] =>
        progress.lines.filter((line) => line.channel === channel).map((line) => line.message);
      expect(byChannel('stdout')).toEqual(['one', 'two', 'three', 'last']);
      expect(byChannel('stderr')).toEqual(['warn']);
      for (const line of progress.lines) {
        expect(line.at).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
      }
      // The record is unchanged: one combined stdout line per run.
      expect(programs.logs).toEqual([
        { at: expect.stringMatching(/Z$/), channel: 'stdout', message: run.output },
      ]);
    });

    it('should report nothing for probes and for programs that cannot start', async () => {
      const progress = recordProgress();
      const programs = liveRunner(progress);
      await programs.run('sh', ['-c', 'echo probed'], { log: false });
      expect(await programs.isAvailable('sh', ['-c', 'echo available'])).toBe(true);
      await programs.run('definitely-not-a-program-xyz', []);
      expect(progress.lines).toEqual([]);
      expect(programs.logs).toEqual([]);
    });

    it('should split very long lines into pieces and stop at the output cap with one notice', async () => {
      const progress = recordProgress();
      const long = await liveRunner(progress).run('sh', [
        '-c',
        `head -c ${MAX_LIVE_LINE_CHARS * 2 + 10} /dev/zero | tr "\\0" x; echo`,
      ]);
      expect(long.truncated).toBe(false);
      expect(progress.lines.map((line) => line.message.length)).toEqual([
        MAX_LIVE_LINE_CHARS,
        MAX_LIVE_LINE_CHARS,
        10,
      ]);

      const capped = recordProgress();
      const run = await liveRunner(capped, 1000).run('sh', [
        '-c',
        'i=0; while [ $i -lt 500 ]; do echo "line $i"; i=$((i+1)); done',
      ]);
      expect(run.truncated).toBe(true);
      const messages = capped.lines.map((line) => line.message);
      expect(messages.at(-1)).toBe('[output truncated]');
      const reported = messages.slice(0, -1).join('\n');
      expect(Buffer.byteLength(reported)).toBeLessThanOrEqual(1000);
      expect(run.output.startsWith(reported)).toBe(true);
    });

    it('should finish the run and keep its logs when the progress throws', async () => {
      const programs = liveRunner({
        log: () => {
          throw new Error('progress broke');
        },
      });
      const run = await programs.run('sh', ['-c', 'echo one; echo two >&2; printf three']);
      expect(run.exit_code).toBe(0);
      expect(programs.logs).toHaveLength(1);
    });
  });
});
