import { appFailureOf } from '#app/testing';
import { ContainerLogsTool } from './logs.tool.js';
import {
  type ContainerFixture,
  LENIENT,
  NO_KUBE,
  configWith,
  createContainerFixture,
  workingRuntime,
} from './testing/container-fixture.js';

describe('ContainerLogsTool', () => {
  let fixture: ContainerFixture;
  afterEach(() => fixture.cleanup());

  it('should read logs with tail, since and timestamps and count lines and bytes', async () => {
    fixture = await createContainerFixture({
      podman: workingRuntime({ when: 'logs', output: 'started\nlistening on :8080' }),
    });
    const result = await fixture.ws.run(new ContainerLogsTool(configWith(), NO_KUBE), {
      container_id: 'web',
      tail_lines: 20,
      since_seconds: 60,
      timestamps: true,
    });
    expect((await fixture.fakes.calls()).at(-1)).toEqual([
      'podman',
      'logs',
      '--tail',
      '20',
      '--since',
      '60s',
      '--timestamps',
      'web',
    ]);
    expect(result.output).toEqual({
      runtime: 'podman',
      simulated: false,
      container_id: 'web',
      bytes: 'started\nlistening on :8080\n'.length,
      line_count: 2,
      truncated: false,
      logs: 'started\nlistening on :8080\n',
      exit_code: 0,
      summary: 'container logs collected',
    });
  });

  it('should cut the logs at max_bytes and say so', async () => {
    fixture = await createContainerFixture({
      docker: workingRuntime({ when: 'logs', output: 'x'.repeat(5000) }),
    });
    const result = await fixture.ws.run(new ContainerLogsTool(configWith(), NO_KUBE), {
      container_id: 'web',
      max_bytes: 1024,
    });
    expect(result.output).toMatchObject({ truncated: true, bytes: 1024 });
    expect((await fixture.fakes.calls()).at(-1)).toEqual([
      'docker',
      'logs',
      '--tail',
      '200',
      'web',
    ]);
  });

  it('should simulate logs for the id when not strict and no runtime exists', async () => {
    fixture = await createContainerFixture({});
    const result = await fixture.ws.run(new ContainerLogsTool(configWith(LENIENT), NO_KUBE), {
      container_id: 'sim-0123456789ab',
    });
    expect(result.output).toMatchObject({
      runtime: 'synthetic',
      simulated: true,
      logs: '[simulated] no runtime logs for sim-0123456789ab',
      line_count: 1,
      exit_code: 0,
    });
  });

  it.each(['-f', 'a b', '../x', ''])('should refuse the container id %j', async (id) => {
    fixture = await createContainerFixture({});
    expect(
      await appFailureOf(
        fixture.ws.run(new ContainerLogsTool(configWith(), NO_KUBE), { container_id: id }),
      ),
    ).toMatchObject({ code: 'invalid_argument' });
  });
});
