import {
  ProgramRunner,
  commandFailedMessage,
  programFailure,
  startOrTimeoutFailure,
} from './run-program.js';
import { createToolWorkspace, type ToolWorkspace } from '#app/testing';

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
});
