import type { JsonObject } from '#app/contracts';
import {
  type FakePrograms,
  type ToolWorkspace,
  appFailureOf,
  artifactTextOf,
  createFakePrograms,
  createToolWorkspace,
} from '#app/testing';
import { ImageInspectTool } from './inspect.tool.js';
import { DOCKERFILE, LINKED_PROGRAMS } from './testing/builder-fakes.js';

describe('ImageInspectTool', () => {
  const tool = new ImageInspectTool();
  let fakes: FakePrograms;
  let ws: ToolWorkspace;

  beforeEach(async () => {
    fakes = await createFakePrograms({}, { link: LINKED_PROGRAMS });
    ws = await createToolWorkspace({ searchPath: fakes.dir });
    await ws.write({
      Dockerfile: DOCKERFILE,
      'web/Containerfile': 'FROM ghcr.io/acme/base:1.2 AS base\nFROM base\nUSER web\nEXPOSE 80\n',
    });
  });
  afterEach(async () => {
    await ws.cleanup();
    await fakes.cleanup();
  });
  const inspect = (args: JsonObject) => ws.run(tool, args, { toolName: 'image.inspect' });

  it('should lint the Dockerfile and report the first base image when no image_ref is given', async () => {
    const result = await inspect({});
    expect(result.output).toMatchObject({
      source_type: 'dockerfile',
      context_path: '.',
      dockerfile_path: 'Dockerfile',
      registry: 'docker.io',
      repository: 'node',
      tag: 'latest',
      digest: '',
      base_images: ['node:latest'],
      stages_count: 1,
      user: '',
      cmd: '["node", "server.js"]',
      issues_count: 3,
      command: ['cat', '--', 'Dockerfile'],
      summary: 'dockerfile inspect completed with issues',
    });
    expect(result.logs).toBeUndefined();
    expect(artifactTextOf(result, 'image-inspect-source.txt')).toBe(DOCKERFILE);
  });

  it('should read the Dockerfile relative to the context when the context is not the root', async () => {
    const result = await inspect({
      context_path: 'web',
      dockerfile_path: 'Containerfile',
      include_recommendations: false,
    });
    expect(result.output).toMatchObject({
      dockerfile_path: 'web/Containerfile',
      registry: 'ghcr.io',
      repository: 'acme/base',
      base_images: ['ghcr.io/acme/base:1.2'],
      stages_count: 2,
      exposed_ports: ['80'],
      user: 'web',
      issues_count: 0,
      recommendations: [],
      summary: 'dockerfile inspect completed',
    });
  });

  it('should analyse an image reference without running any program', async () => {
    const result = await inspect({ image_ref: 'localhost:5000/app:latest' });
    expect(result.output).toMatchObject({
      source_type: 'image_ref',
      image_ref: 'localhost:5000/app:latest',
      registry: 'localhost:5000',
      repository: 'app',
      tag: 'latest',
      base_images: [],
      stages_count: 0,
      issues_count: 2,
      recommendations: ['reference images by an explicit version tag', 'pin images by digest'],
      summary: 'image inspect completed with issues',
    });
    expect(result.output).not.toHaveProperty('command');
    expect(await fakes.calls()).toEqual([]);
  });

  it('should fail clearly when the Dockerfile does not exist', async () => {
    expect(await appFailureOf(inspect({ dockerfile_path: 'nope/Dockerfile' }))).toEqual({
      code: 'execution_failed',
      message: 'image inspect failed: unable to read Dockerfile',
    });
  });

  it('should refuse a Dockerfile path outside the workspace', async () => {
    expect(await appFailureOf(inspect({ dockerfile_path: '/etc/passwd' }))).toEqual({
      code: 'policy_denied',
      message: 'path escapes workspace',
    });
  });
});
