import { createHash } from 'node:crypto';
import { appFailureOf } from '#app/testing';
import { ContainerRunTool } from './run.tool.js';
import {
  type ContainerFixture,
  LENIENT,
  NO_KUBE,
  configWith,
  createContainerFixture,
  workingRuntime,
} from './testing/container-fixture.js';

const CONTAINER_ID = 'f'.repeat(64);

describe('ContainerRunTool', () => {
  let fixture: ContainerFixture;
  afterEach(() => fixture.cleanup());

  it('should run detached with name, env and command as separate words and redact sensitive env values', async () => {
    fixture = await createContainerFixture({
      docker: workingRuntime({ when: 'run', output: CONTAINER_ID }),
    });
    const args = {
      image_ref: 'redis:7.2',
      command: ['redis-server', '--appendonly', 'yes'],
      env: { MODE: 'dev', API_TOKEN: 't0k3n' },
      name: 'cache',
      remove: true,
    };
    const result = await fixture.ws.run(new ContainerRunTool(configWith(), NO_KUBE), args);
    expect((await fixture.fakes.calls()).at(-1)).toEqual([
      'docker',
      'run',
      '-d',
      '--rm',
      '--name',
      'cache',
      '-e',
      'API_TOKEN=t0k3n',
      '-e',
      'MODE=dev',
      'redis:7.2',
      'redis-server',
      '--appendonly',
      'yes',
    ]);
    expect(result.output).toEqual({
      runtime: 'docker',
      simulated: false,
      container_id: CONTAINER_ID,
      name: 'cache',
      image_ref: 'redis:7.2',
      status: 'running',
      command: ['redis-server', '--appendonly', 'yes'],
      env: ['API_TOKEN=[REDACTED]', 'MODE=dev'],
      exit_code: 0,
      summary: 'container started',
    });
    expect(JSON.stringify(result.output)).not.toContain('t0k3n');
  });

  it('should report the container exit code when attached', async () => {
    fixture = await createContainerFixture({
      podman: workingRuntime({ when: 'run', output: 'hello', exitCode: 3 }),
    });
    const result = await fixture.ws.run(new ContainerRunTool(configWith(), NO_KUBE), {
      image_ref: 'alpine:3.20',
      command: ['sh', '-c', 'exit 3'],
      detach: false,
    });
    expect((await fixture.fakes.calls()).at(-1)).toEqual([
      'podman',
      'run',
      'alpine:3.20',
      'sh',
      '-c',
      'exit 3',
    ]);
    expect(result.output).toMatchObject({
      runtime: 'podman',
      status: 'exited',
      exit_code: 3,
      summary: 'container exited with code 3',
    });
    expect(result.error).toBeUndefined();
  });

  it('should return a deterministic sim id when not strict and no runtime exists', async () => {
    fixture = await createContainerFixture({});
    const args = { image_ref: 'alpine:3.20', command: ['echo', 'hi'], name: 'job' };
    const first = await fixture.ws.run(new ContainerRunTool(configWith(LENIENT), NO_KUBE), args);
    const second = await fixture.ws.run(new ContainerRunTool(configWith(LENIENT), NO_KUBE), args);
    const expected = `sim-${createHash('sha256').update(`${fixture.ws.session.id}|alpine:3.20|echo hi|job`).digest('hex').slice(0, 12)}`;
    expect(first.output).toMatchObject({
      runtime: 'synthetic',
      simulated: true,
      container_id: expected,
      status: 'running',
      exit_code: 0,
    });
    expect(second.output).toEqual(first.output);
  });

  it('should fall back to the synthetic result when the runtime fails with its own error status and not strict', async () => {
    fixture = await createContainerFixture({
      podman: workingRuntime({
        when: 'run',
        output: 'Error: cannot clone: Operation not permitted',
        exitCode: 125,
      }),
    });
    const result = await fixture.ws.run(new ContainerRunTool(configWith(LENIENT), NO_KUBE), {
      image_ref: 'alpine:3.20',
      detach: false,
    });
    expect(result.output).toMatchObject({
      runtime: 'synthetic',
      simulated: true,
      status: 'exited',
      exit_code: 0,
    });
  });

  it('should fail clearly when strict and no runtime exists', async () => {
    fixture = await createContainerFixture({});
    expect(
      await appFailureOf(
        fixture.ws.run(new ContainerRunTool(configWith(), NO_KUBE), { image_ref: 'alpine:3.20' }),
      ),
    ).toEqual({
      code: 'execution_failed',
      message: 'container runtime not available',
    });
  });

  it.each([
    [{ image_ref: '--privileged' }, 'image_ref'],
    [{ image_ref: 'alpine', name: '-x' }, 'name'],
    [{ image_ref: 'alpine', env: { 'BAD-KEY': 'v' } }, 'env key'],
    [{ image_ref: 'alpine', env: { K: 'a\nb' } }, 'env value'],
    [{ image_ref: 'alpine', command: [''] }, 'command[0]'],
  ])('should refuse %j as invalid_argument', async (args, fragment) => {
    fixture = await createContainerFixture({});
    const failure = await appFailureOf(
      fixture.ws.run(new ContainerRunTool(configWith(LENIENT), NO_KUBE), args),
    );
    expect(failure.code).toBe('invalid_argument');
    expect(failure.message).toContain(fragment);
  });
});
