import { appFailureOf } from '#app/testing';
import { ContainerPsTool } from './ps.tool.js';
import {
  type ContainerFixture,
  LENIENT,
  NO_KUBE,
  configWith,
  createContainerFixture,
  workingRuntime,
} from './testing/container-fixture.js';

const PS_OUTPUT = [
  'c2\tdocker.io/library/redis:7\tcache\tUp 2 minutes',
  'a1\talpine:3.20\tjob\tExited (0) 1 hour ago',
  'b7\tnginx:1.27\tweb\tUp 5 seconds',
].join('\n');

describe('ContainerPsTool', () => {
  let fixture: ContainerFixture;
  afterEach(() => fixture.cleanup());

  it('should list containers sorted by id and cut at limit with the documented command', async () => {
    fixture = await createContainerFixture({
      podman: [{ when: 'info', exitCode: 125 }],
      docker: workingRuntime({ when: 'ps', output: PS_OUTPUT }),
    });
    const result = await fixture.ws.run(
      new ContainerPsTool(configWith(), NO_KUBE),
      { all: true, name_filter: 'web', limit: 2 },
      { toolName: 'container.ps' },
    );
    expect(await fixture.fakes.calls()).toEqual([
      ['podman', 'info', '--format', 'json'],
      ['docker', 'info', '--format', '{{json .}}'],
      [
        'docker',
        'ps',
        '-a',
        '--filter',
        'name=web',
        '--format',
        '{{.ID}}\\t{{.Image}}\\t{{.Names}}\\t{{.Status}}',
      ],
    ]);
    expect(result.output).toEqual({
      runtime: 'docker',
      simulated: false,
      count: 2,
      truncated: true,
      containers: [
        { id: 'a1', image: 'alpine:3.20', name: 'job', status: 'Exited (0) 1 hour ago' },
        { id: 'b7', image: 'nginx:1.27', name: 'web', status: 'Up 5 seconds' },
      ],
      exit_code: 0,
      summary: '2 containers listed',
    });
    expect(result.logs).toHaveLength(1);
    expect(result.artifacts?.map((artifact) => artifact.name)).toEqual([
      'container-ps-report.json',
      'container-ps-output.txt',
    ]);
  });

  it('should fail with container runtime not available when strict and no runtime exists', async () => {
    fixture = await createContainerFixture({});
    expect(
      await appFailureOf(fixture.ws.run(new ContainerPsTool(configWith(), NO_KUBE), {})),
    ).toEqual({
      code: 'execution_failed',
      message: 'container runtime not available',
    });
  });

  it('should simulate an empty list when not strict and no runtime exists', async () => {
    fixture = await createContainerFixture({});
    const result = await fixture.ws.run(new ContainerPsTool(configWith(LENIENT), NO_KUBE), {});
    expect(result.output).toEqual({
      runtime: 'synthetic',
      simulated: true,
      count: 0,
      truncated: false,
      containers: [],
      summary: 'container runtime unavailable; ps simulated',
      exit_code: 0,
    });
    expect(result.artifacts?.map((artifact) => artifact.name)).toEqual([
      'container-ps-report.json',
    ]);
  });

  it('should fail with the command failure when strict and the runtime command fails', async () => {
    fixture = await createContainerFixture({
      nerdctl: workingRuntime({
        when: 'ps',
        output: 'FATA[0000] cannot access containerd socket',
        exitCode: 1,
      }),
    });
    const result = await fixture.ws.run(new ContainerPsTool(configWith(), NO_KUBE), {
      strict: true,
    });
    expect(result.error).toEqual({
      code: 'execution_failed',
      message: 'command failed: FATA[0000] cannot access containerd socket',
      retryable: false,
    });
  });

  it('should simulate when not strict and the runtime command fails', async () => {
    fixture = await createContainerFixture({
      nerdctl: workingRuntime({ when: 'ps', exitCode: 1 }),
    });
    const result = await fixture.ws.run(new ContainerPsTool(configWith(), NO_KUBE), {
      strict: false,
    });
    expect(result.output).toMatchObject({ runtime: 'synthetic', simulated: true });
  });

  it('should stay strict when fallbacks are disallowed even if the request asks otherwise', async () => {
    fixture = await createContainerFixture({});
    const tool = new ContainerPsTool(
      configWith({ WORKSPACE_CONTAINER_ALLOW_SYNTHETIC_FALLBACK: 'false' }),
      NO_KUBE,
    );
    expect(await appFailureOf(fixture.ws.run(tool, { strict: false }))).toMatchObject({
      message: 'container runtime not available',
    });
  });

  it('should fail without simulating or running a local runtime when a kubernetes session has no client', async () => {
    fixture = await createContainerFixture({ docker: workingRuntime() }, 'kubernetes');
    expect(
      await appFailureOf(
        fixture.ws.run(new ContainerPsTool(configWith(LENIENT), NO_KUBE), { strict: false }),
      ),
    ).toEqual({
      code: 'execution_failed',
      message: 'kubernetes client is not configured',
    });
    expect(await fixture.fakes.calls()).toEqual([]);
  });
});
