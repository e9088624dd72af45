import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { appFailureOf } from '#app/testing';
import { ContainerExecTool } from './exec.tool.js';
import {
  type ContainerFixture,
  LENIENT,
  NO_KUBE,
  configWith,
  createContainerFixture,
  workingRuntime,
} from './testing/container-fixture.js';

describe('ContainerExecTool', () => {
  let fixture: ContainerFixture;
  afterEach(() => fixture.cleanup());

  it('should exec an allowlisted command as separate words', async () => {
    fixture = await createContainerFixture({
      docker: workingRuntime({ when: 'exec', output: 'app.py\nrequirements.txt' }),
    });
    const result = await fixture.ws.run(new ContainerExecTool(configWith(), NO_KUBE), {
      container_id: 'web',
      command: ['/bin/ls', '-la', '/app'],
    });
    expect((await fixture.fakes.calls()).at(-1)).toEqual([
      'docker',
      'exec',
      'web',
      '/bin/ls',
      '-la',
      '/app',
    ]);
    expect(result.output).toEqual({
      runtime: 'docker',
      simulated: false,
      container_id: 'web',
      command: ['/bin/ls', '-la', '/app'],
      timeout_seconds: 30,
      exit_code: 0,
      output: 'app.py\nrequirements.txt\n',
      truncated: false,
      summary: 'command completed',
    });
  });

  it('should report a non-zero exit as execution_failed with the exit code kept', async () => {
    fixture = await createContainerFixture({
      docker: workingRuntime({ when: 'exec', output: 'boom', exitCode: 2 }),
    });
    const result = await fixture.ws.run(new ContainerExecTool(configWith(), NO_KUBE), {
      container_id: 'web',
      command: ['python3', 'x.py'],
    });
    expect(result.error).toEqual({
      code: 'execution_failed',
      message: 'command failed: boom',
      retryable: false,
    });
    expect(result.output).toMatchObject({ exit_code: 2, output: 'boom\n' });
    expect(result.exit_code).toBe(2);
  });

  it('should refuse a command outside the allowlist before looking for a runtime', async () => {
    fixture = await createContainerFixture({ docker: workingRuntime() });
    expect(
      await appFailureOf(
        fixture.ws.run(new ContainerExecTool(configWith(), NO_KUBE), {
          container_id: 'web',
          command: ['/bin/rm', '-rf', '/'],
        }),
      ),
    ).toEqual({
      code: 'invalid_argument',
      message: 'command not allowlisted: rm',
    });
    expect(await fixture.fakes.calls()).toEqual([]);
  });

  it('should simulate the command output when not strict and no runtime exists', async () => {
    fixture = await createContainerFixture({});
    const result = await fixture.ws.run(new ContainerExecTool(configWith(LENIENT), NO_KUBE), {
      container_id: 'sim-0123456789ab',
      command: ['echo', 'hello', 'world'],
    });
    expect(result.output).toMatchObject({
      runtime: 'synthetic',
      simulated: true,
      output: '[simulated] echo hello world',
      exit_code: 0,
    });
  });

  it('should fail with the command failure when strict and the runtime itself fails', async () => {
    fixture = await createContainerFixture({
      podman: workingRuntime({
        when: 'exec',
        output: 'Error: no container with name or ID "web" found',
        exitCode: 125,
      }),
    });
    const result = await fixture.ws.run(new ContainerExecTool(configWith(), NO_KUBE), {
      container_id: 'web',
      command: ['id'],
    });
    expect(result.error).toEqual({
      code: 'execution_failed',
      message: 'command failed: Error: no container with name or ID "web" found',
      retryable: false,
    });
  });

  it('should map its own timeout to a retryable timeout', async () => {
    fixture = await createContainerFixture({ docker: [{ when: 'info' }] });
    // A real slow exec: the fake docker sleeps for exec calls.
    const sleep = execFileSync('sh', ['-c', 'command -v sleep'], { encoding: 'utf8' }).trim();
    await writeFile(
      `${fixture.fakes.dir}/docker`,
      `#!/bin/sh\n[ "$1" = exec ] && exec ${sleep} 5\nexit 0\n`,
    );
    const result = await fixture.ws.run(new ContainerExecTool(configWith(), NO_KUBE), {
      container_id: 'web',
      command: ['sleep', '5'],
      timeout_seconds: 1,
    });
    expect(result.error).toEqual({
      code: 'timeout',
      message: 'container exec timed out after 1s',
      retryable: true,
    });
  }, 10_000);
});
