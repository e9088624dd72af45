import { createHash } from 'node:crypto';
import type { JsonObject } from '#app/contracts';
import {
  type FakePrograms,
  type ToolWorkspace,
  appFailureOf,
  createFakePrograms,
  createToolWorkspace,
} from '#app/testing';
import { ImagePushTool } from './push.tool.js';
import {
  BUILT_DIGEST,
  LINKED_PROGRAMS,
  USER_NAMESPACE_ERROR,
  workingBuilder,
} from './testing/builder-fakes.js';

describe('ImagePushTool', () => {
  const tool = new ImagePushTool();
  let fakes: FakePrograms;
  let ws: ToolWorkspace;

  const setUp = async (programs: Parameters<typeof createFakePrograms>[0]): Promise<void> => {
    fakes = await createFakePrograms(programs, { link: LINKED_PROGRAMS });
    ws = await createToolWorkspace({ searchPath: fakes.dir });
  };
  afterEach(async () => {
    await ws.cleanup();
    await fakes.cleanup();
  });
  const push = (args: JsonObject) => ws.run(tool, args, { toolName: 'image.push' });

  it('should simulate the push with the digest of the reference text when no builder works and not strict', async () => {
    await setUp({});
    const result = await push({ image_ref: 'registry.local/team/app:1.0' });
    expect(result.error).toBeUndefined();
    expect(result.output).toMatchObject({
      builder: 'synthetic',
      simulated: true,
      registry: 'registry.local',
      repository: 'team/app',
      tag: '1.0',
      digest: `sha256:${createHash('sha256').update('registry.local/team/app:1.0').digest('hex')}`,
      attempts: 0,
      pushed: false,
      push_skipped_reason: 'no_container_builder_available',
      issues: [
        expect.objectContaining({ id: 'image_ref.missing_digest', severity: 'low', line: 0 }),
      ],
      recommendations: ['pin images by digest'],
      exit_code: 0,
    });
  });

  it('should keep the digest of the reference when a simulated push names one', async () => {
    await setUp({});
    const result = await push({ image_ref: `registry.local/app@${BUILT_DIGEST}` });
    expect(result.output).toMatchObject({ digest: BUILT_DIGEST, simulated: true, issues_count: 0 });
  });

  it('should fail in strict mode when no builder works', async () => {
    await setUp({});
    const result = await push({ image_ref: 'registry.local/app:1', strict: true });
    expect(result.error).toEqual({
      code: 'execution_failed',
      message: 'image push failed: no container builder available in strict mode',
      retryable: false,
    });
    expect(result.output).toMatchObject({ builder: 'none', pushed: false, exit_code: 1 });
    expect(result.exit_code).toBe(1);
  });

  it('should retry a failing push max_retries times and join the outputs with attempt headers', async () => {
    await setUp({ docker: workingBuilder('unauthorized: authentication required', 1) });
    const result = await push({ image_ref: 'registry.local/app:1', max_retries: 2 });
    expect(result.error).toEqual({
      code: 'execution_failed',
      message: 'image push failed',
      retryable: false,
    });
    expect(result.output).toMatchObject({
      builder: 'docker',
      attempts: 3,
      max_retries: 2,
      pushed: false,
      command: ['docker', 'push', 'registry.local/app:1'],
    });
    const output = (result.output as JsonObject)['output'] as string;
    expect(output.match(/\[attempt \d\/3\]/g)).toEqual([
      '[attempt 1/3]',
      '[attempt 2/3]',
      '[attempt 3/3]',
    ]);
    expect((await fakes.calls()).filter(([, verb]) => verb === 'push')).toHaveLength(3);
  });

  it('should report the digest printed by the builder when the push succeeds', async () => {
    await setUp({
      podman: workingBuilder(`Writing manifest to image destination\n${BUILT_DIGEST}`),
    });
    const result = await push({ image_ref: 'registry.local/app:1' });
    expect(result.output).toMatchObject({
      builder: 'podman',
      simulated: false,
      pushed: true,
      attempts: 1,
      digest: BUILT_DIGEST,
      summary: 'image push completed',
    });
    expect(result.logs).toHaveLength(1);
  });

  it('should simulate when podman fails with a user-namespace error and not strict', async () => {
    await setUp({ podman: workingBuilder(USER_NAMESPACE_ERROR, 125) });
    const result = await push({ image_ref: 'registry.local/app:1', max_retries: 3 });
    expect(result.output).toMatchObject({
      builder: 'synthetic',
      simulated: true,
      attempts: 1,
      push_skipped_reason: 'builder_runtime_unavailable',
    });
  });

  it('should fail when podman fails with a user-namespace error in strict mode', async () => {
    await setUp({ podman: workingBuilder(USER_NAMESPACE_ERROR, 125) });
    const result = await push({ image_ref: 'registry.local/app:1', strict: true });
    expect(result.error?.message).toBe('image push failed');
  });

  it('should refuse a reference that would read as an option', async () => {
    await setUp({});
    expect(await appFailureOf(push({ image_ref: '--all-tags' }))).toEqual({
      code: 'invalid_argument',
      message: 'image_ref must not start with ":", "@" or "-"',
    });
  });
});
