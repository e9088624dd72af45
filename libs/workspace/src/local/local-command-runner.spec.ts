import { access, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { CommandRequest } from '../command-runner.port.js';
import { LocalCommandRunner } from './local-command-runner.js';
import { TRUNCATION_MARKER } from '#app/contracts';
import { gatePath, gatedProgram, openGate, recordOutput } from '#app/testing';

const serviceEnv = {
  PATH: process.env.PATH,
  WORKSPACE_X: 'service-setting',
  MY_TOKEN: 'credential',
  VISIBLE_VAR: 'visible',
};

/** Members of a process group that are still running (zombies awaiting their reaper are dead). */
async function livingMembers(pgid: number): Promise<number[]> {
  const living: number[] = [];
  for (const name of await readdir('/proc')) {
    const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
    // Fields after the parenthesised command: state ppid pgrp …
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (/^\d+$/.test(name) && Number(fields[2]) === pgid && fields[0] !== 'Z') {
      living.push(Number(name));
    }
  }
  return living;
}

// process.kill(-pgid, 0) would also count zombies, which this sandbox's init reaps only lazily.
async function groupIsGone(pgid: number): Promise<boolean> {
  for (let attempt = 0; attempt < 50; attempt++) {
    if ((await livingMembers(pgid)).length === 0) {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('LocalCommandRunner', () => {
  let cwd: string;
  const runner = new LocalCommandRunner({ serviceEnv });
  const run = (command: string, args: string[], extra: Partial<CommandRequest> = {}) =>
    runner.run({ command, args, cwd, timeoutMs: 5000, ...extra });

  beforeAll(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'runner-spec-'));
  });

  afterAll(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  it('should return the output and exit code 0 when the program succeeds', async () => {
    const result = await run('echo', ['hello', 'world']);

    expect(result).toMatchObject({
      exit_code: 0,
      output: 'hello world\n',
      truncated: false,
      timed_out: false,
    });
    expect(result.start_error).toBeUndefined();
    expect(result.duration_ms).toBeGreaterThanOrEqual(0);
  });

  it('should pass arguments as separate words when they contain shell syntax', async () => {
    const result = await run('printf', ['%s|', 'a b', '$HOME', ';ls']);

    expect(result.output).toBe('a b|$HOME|;ls|');
  });

  it('should run in the given working directory when cwd is set', async () => {
    const result = await run('pwd', []);

    expect(result.output.trim()).toBe(cwd);
  });

  it('should feed stdin to the program when stdin is given', async () => {
    const result = await run('cat', [], { stdin: 'from stdin\n' });

    expect(result.output).toBe('from stdin\n');
  });

  it('should give the program an empty stdin when none is given', async () => {
    const result = await run('cat', []);

    expect(result).toMatchObject({ exit_code: 0, output: '' });
  });

  it('should combine stdout and stderr in arrival order when both are written', async () => {
    const script = 'echo out1; sleep 0.1; echo err1 >&2; sleep 0.1; echo out2';
    const result = await run('sh', ['-c', script]);

    expect(result.output).toBe('out1\nerr1\nout2\n');
  });

  it('should hide service settings and secrets when the program reads its environment', async () => {
    const result = await run('env', [], { env: { EXTRA_VAR: 'extra' } });
    const names = result.output.split('\n').map((line) => line.split('=')[0]);

    expect(names).not.toContain('WORKSPACE_X');
    expect(names).not.toContain('MY_TOKEN');
    expect(result.output).toContain('VISIBLE_VAR=visible\n');
    expect(result.output).toContain('GIT_TERMINAL_PROMPT=0\n');
    expect(result.output).toContain('EXTRA_VAR=extra\n');
  });

  it('should cut the output and append the marker when it exceeds the cap', async () => {
    const result = await runner.run({
      command: 'sh',
      args: ['-c', 'head -c 100000 /dev/zero | tr "\\0" x'],
      cwd,
      timeoutMs: 5000,
      outputCapBytes: 1000,
    });

    expect(result.truncated).toBe(true);
    expect(result.exit_code).toBe(0);
    expect(result.output).toBe(`${'x'.repeat(1000)}${TRUNCATION_MARKER}`);
  });

  it('should cap at 256 KiB when no cap is given', async () => {
    const result = await runner.run({
      command: 'sh',
      args: ['-c', 'head -c 300000 /dev/zero | tr "\\0" y'],
      cwd,
      timeoutMs: 5000,
    });

    expect(result.truncated).toBe(true);
    expect(result.output).toHaveLength(262_144 + TRUNCATION_MARKER.length);
  });

  it('should report the exit status when the program fails', async () => {
    const result = await run('sh', ['-c', 'echo failing; exit 3']);

    expect(result).toMatchObject({ exit_code: 3, output: 'failing\n', timed_out: false });
  });

  it('should report 128 plus the signal number when the program dies from a signal', async () => {
    const result = await run('sh', ['-c', 'kill -KILL $$']);

    expect(result.exit_code).toBe(137);
  });

  it('should report -1 and "command not found" when the executable is missing', async () => {
    const result = await run('no-such-program-xyz', []);

    expect(result).toMatchObject({
      exit_code: -1,
      output: '',
      timed_out: false,
      start_error: 'command not found: no-such-program-xyz',
    });
  });

  it('should report -1 with a distinct message when the working directory is missing', async () => {
    const missing = join(cwd, 'missing');
    const result = await runner.run({ command: 'echo', args: [], cwd: missing, timeoutMs: 5000 });

    expect(result).toMatchObject({
      exit_code: -1,
      start_error: `working directory not found: ${missing}`,
    });
  });

  it('should report -1 with the error when the program cannot be started for another reason', async () => {
    const result = await run(cwd, []);

    expect(result.exit_code).toBe(-1);
    expect(result.start_error).toMatch(/EACCES/);
  });

  it('should kill the whole process group and report 124 when the deadline expires', async () => {
    const started = Date.now();
    const result = await runner.run({
      command: 'sh',
      args: ['-c', 'echo $$; sleep 30 & sleep 30'],
      cwd,
      timeoutMs: 300,
    });
    const pgid = Number(result.output.trim());

    expect(result).toMatchObject({ exit_code: 124, timed_out: true });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(pgid).toBeGreaterThan(0);
    expect(await groupIsGone(pgid)).toBe(true);
  });

  it('should SIGKILL the group when a member ignores SIGTERM', async () => {
    const runnerWithShortGrace = new LocalCommandRunner({ serviceEnv, killGraceMs: 200 });
    const result = await runnerWithShortGrace.run({
      command: 'sh',
      args: ['-c', "trap '' TERM; echo $$; sleep 30 & wait; wait"],
      cwd,
      timeoutMs: 200,
    });
    const pgid = Number(result.output.trim());

    expect(result).toMatchObject({ exit_code: 124, timed_out: true });
    expect(await groupIsGone(pgid)).toBe(true);
  });

  it('should resolve when a process outside the group keeps the pipes open after the kill', async () => {
    const runnerWithShortGrace = new LocalCommandRunner({ serviceEnv, killGraceMs: 200 });
    const started = Date.now();
    const result = await runnerWithShortGrace.run({
      command: 'sh',
      args: ['-c', 'setsid sleep 30 & echo $!; sleep 30'],
      cwd,
      timeoutMs: 200,
    });
    const escapee = Number(result.output.trim());
    try {
      expect(result).toMatchObject({ exit_code: 124, timed_out: true });
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      if (escapee > 0 && isAlive(escapee)) {
        process.kill(escapee, 'SIGKILL');
      }
    }
  });

  it('should stop waiting for background children when the program exited but they hold the pipes', async () => {
    const runnerWithShortGrace = new LocalCommandRunner({ serviceEnv, drainGraceMs: 200 });
    const started = Date.now();
    const result = await runnerWithShortGrace.run({
      command: 'sh',
      args: ['-c', 'echo $$; sleep 30 & exit 0'],
      cwd,
      timeoutMs: 20_000,
    });
    const pgid = Number(result.output.trim());

    expect(result).toMatchObject({ exit_code: 0, timed_out: false });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(await groupIsGone(pgid)).toBe(true);
  });

  it('should kill the group and report 124 without timed_out when the signal aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const result = await runner.run({
      command: 'sh',
      args: ['-c', 'echo $$; sleep 30 & sleep 30'],
      cwd,
      timeoutMs: 20_000,
      signal: controller.signal,
    });
    const pgid = Number(result.output.trim());

    expect(result).toMatchObject({ exit_code: 124, timed_out: false });
    expect(await groupIsGone(pgid)).toBe(true);
  });

  it('should not start the program when the signal is already aborted', async () => {
    const marker = join(cwd, 'should-not-exist');
    const result = await runner.run({
      command: 'touch',
      args: [marker],
      cwd,
      timeoutMs: 5000,
      signal: AbortSignal.abort(),
    });

    expect(result).toMatchObject({ exit_code: 124, timed_out: false });
    await expect(access(marker)).rejects.toThrow();
  });

  describe('live output (onOutput)', () => {
    it('should hand the listener the first line while the program still runs, on the channel it was written to', async () => {
      const heard = recordOutput();
      const gate = gatePath(cwd);
      let settled = false;
      const running = runner
        .run({
          ...gatedProgram(gate, 'first\\n', 'second\\n', { after: '>&2' }),
          cwd,
          timeoutMs: 60_000,
          onOutput: heard.listener,
        })
        .finally(() => {
          settled = true;
        });

      await heard.heard('first\n', 'stdout');
      // The program waits for the gate: it cannot have ended yet.
      expect(settled).toBe(false);
      await openGate(gate);
      const result = await running;

      expect(result).toMatchObject({ exit_code: 0, output: 'first\nsecond\n' });
      expect(heard.text('stdout')).toBe('first\n');
      expect(heard.text('stderr')).toBe('second\n');
    });

    it('should decode a UTF-8 character split between two writes as one character', async () => {
      const heard = recordOutput();
      const gate = gatePath(cwd);
      // "€" is e2 82 ac: the first write ends after e2 82, the second starts with ac.
      const running = runner.run({
        ...gatedProgram(gate, 'a\\n\\0342\\0202', '\\0254\\n'),
        cwd,
        timeoutMs: 60_000,
        onOutput: heard.listener,
      });

      await heard.heard('a\n');
      await openGate(gate);
      const result = await running;

      expect(result.output).toBe('a\n€\n');
      expect(heard.text()).toBe('a\n€\n');
      expect(heard.text()).not.toContain('\uFFFD');
    });

    it('should finish the run as usual when the listener throws or rejects', async () => {
      let calls = 0;
      const throwing = (): void => {
        calls += 1;
        throw new Error('listener broke');
      };
      const rejecting = async (): Promise<void> => {
        calls += 1;
        await Promise.resolve();
        throw new Error('listener rejected');
      };

      for (const onOutput of [throwing, rejecting]) {
        const result = await run('sh', ['-c', 'echo one; echo two; echo three'], {
          onOutput,
        });
        expect(result).toMatchObject({ exit_code: 0, timed_out: false });
        expect(result.output).toBe('one\ntwo\nthree\n');
      }
      expect(calls).toBeGreaterThanOrEqual(2);
    });

    it('should pass on no more than the output cap when the program writes past it', async () => {
      const heard = recordOutput();
      const result = await run(
        'sh',
        ['-c', 'head -c 5000 /dev/zero | tr "\\0" a; head -c 5000 /dev/zero | tr "\\0" b >&2'],
        { outputCapBytes: 1000, onOutput: heard.listener },
      );

      expect(result.truncated).toBe(true);
      // Exactly what the result keeps, in the same arrival order, and nothing after it.
      expect(Buffer.byteLength(heard.text())).toBe(1000);
      expect(heard.text()).toBe(result.output.slice(0, -TRUNCATION_MARKER.length));
    });

    it('should drop a character that the cap cuts rather than pass half of it', async () => {
      const heard = recordOutput();
      // "ab€": the cap of 4 bytes ends inside the euro sign.
      await run('printf', ['ab€€'], {
        outputCapBytes: 4,
        onOutput: heard.listener,
      });

      expect(heard.text()).toBe('ab');
    });

    it('should hear nothing and change nothing when the program cannot start', async () => {
      const heard = recordOutput();
      const result = await run('no-such-program-xyz', [], { onOutput: heard.listener });

      expect(result.start_error).toBe('command not found: no-such-program-xyz');
      expect(heard.chunks).toEqual([]);
    });
  });
});
