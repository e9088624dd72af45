import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type FakePrograms, createFakePrograms } from '#app/testing';
import { startTestApp, type TestApp } from './support/test-app.js';

const DOCKERFILE = `FROM python:latest
RUN wget -qO- https://install.example.com/setup.sh | sh
COPY . /app
CMD ["python", "/app/main.py"]
`;

// Builders and runtimes that are installed but do not work (like docker without a daemon), so the
// results do not depend on what this host has; trivy is absent. Only these fakes and the few real
// programs the tools read files with are on the service's PATH.
async function brokenContainerPrograms(): Promise<FakePrograms> {
  const broken = [{ output: 'Cannot connect to the container daemon', exitCode: 1 }];
  return createFakePrograms(
    { buildah: broken, podman: broken, docker: broken, nerdctl: broken },
    { link: ['cat', 'find', 'sh'] },
  );
}

async function startWithPath(path: string, env: Record<string, string> = {}): Promise<TestApp> {
  const saved = process.env['PATH'];
  // The service takes its environment snapshot once, at boot.
  process.env['PATH'] = path;
  try {
    return await startTestApp(env);
  } finally {
    process.env['PATH'] = saved;
  }
}

describe('images, containers and container scanning (CATALOG.md 17, 18, 20)', () => {
  let fakes: FakePrograms;
  let t: TestApp;
  let sessionId: string;
  const invoke = (tool: string, body: Record<string, unknown>) =>
    t.request('POST', `/v1/sessions/${sessionId}/tools/${tool}/invoke`, { body });

  beforeAll(async () => {
    fakes = await brokenContainerPrograms();
    t = await startWithPath(fakes.dir);
    const created = await t.request('POST', '/v1/sessions', {
      body: {
        principal: { tenant_id: 'demo', actor_id: 'builder', roles: ['developer'] },
        metadata: { allowed_image_registries: 'registry.local' },
      },
    });
    expect(created.status).toBe(201);
    sessionId = created.body.session.id;
    await writeFile(join(created.body.session.workspace_path, 'Dockerfile'), DOCKERFILE);
  });
  afterAll(async () => {
    await t.close();
    await fakes.cleanup();
  });

  it('should answer the synthetic build result when no builder works', async () => {
    const response = await invoke('image.build', {
      approved: true,
      args: { tag: 'registry.local/team/app:1.0', push: true },
    });
    expect(response.status).toBe(200);
    const digest = `sha256:${createHash('sha256').update(DOCKERFILE).digest('hex')}`;
    expect(response.body.invocation.output).toMatchObject({
      builder: 'synthetic',
      simulated: true,
      digest,
      image_ref: `registry.local/team/app:1.0@${digest}`,
      pushed: false,
      push_skipped_reason: 'no_container_builder_available',
      summary: 'image build simulated (no container builder available)',
      issues: [
        expect.objectContaining({ id: 'dockerfile.pipe_to_shell', severity: 'high', line: 2 }),
        expect.objectContaining({ id: 'dockerfile.missing_user' }),
        expect.objectContaining({ id: 'dockerfile.unpinned_base_image_latest', line: 1 }),
      ],
    });
    expect(
      response.body.invocation.artifacts.map((artifact: { name: string }) => artifact.name),
    ).toEqual(expect.arrayContaining(['image-build-output.txt', 'image-build-report.json']));
  });

  it('should fail a strict push clearly when no builder works', async () => {
    const response = await invoke('image.push', {
      approved: true,
      args: { image_ref: 'registry.local/team/app:1.0', strict: true },
    });
    expect(response.status).toBe(500);
    expect(response.body.error).toEqual({
      code: 'execution_failed',
      message: 'image push failed: no container builder available in strict mode',
      retryable: false,
    });
    expect(response.body.invocation.output).toMatchObject({
      builder: 'none',
      pushed: false,
      exit_code: 1,
    });
  });

  it('should deny a pushing build to a registry outside allowed_image_registries in the policy step', async () => {
    const response = await invoke('image.build', {
      approved: true,
      args: { tag: 'docker.io/evil/app:1', push: true },
    });
    expect(response.status).toBe(403);
    expect(response.body.error).toEqual({
      code: 'policy_denied',
      message: 'registry not allowed',
      retryable: false,
    });
    // Without push the registry is not governed.
    const local = await invoke('image.build', {
      approved: true,
      args: { tag: 'docker.io/evil/app:1' },
    });
    expect(local.status).toBe(200);
  });

  it('should fail a strict container run clearly when no runtime works', async () => {
    const response = await invoke('container.run', {
      approved: true,
      args: { image_ref: 'docker.io/library/alpine:3.20', command: ['echo', 'hi'] },
    });
    expect(response.status).toBe(500);
    expect(response.body.error).toEqual({
      code: 'execution_failed',
      message: 'container runtime not available',
      retryable: false,
    });
  });

  it('should simulate a non-strict container run with a deterministic sim id', async () => {
    const response = await invoke('container.run', {
      approved: true,
      args: { image_ref: 'alpine:3.20', command: ['echo', 'hi'], strict: false },
    });
    expect(response.status).toBe(200);
    const expected = `sim-${createHash('sha256').update(`${sessionId}|alpine:3.20|echo hi|`).digest('hex').slice(0, 12)}`;
    expect(response.body.invocation.output).toMatchObject({
      runtime: 'synthetic',
      simulated: true,
      container_id: expected,
      exit_code: 0,
    });
  });

  it('should refuse image references with shell characters in the policy step and exec commands outside the allowlist', async () => {
    const shell = await invoke('container.run', {
      approved: true,
      args: { image_ref: 'alpine;reboot' },
    });
    expect(shell.status).toBe(403);
    expect(shell.body.error.code).toBe('policy_denied');
    const exec = await invoke('container.exec', {
      approved: true,
      args: { container_id: 'web', command: ['rm', 'x'], strict: false },
    });
    expect(exec.status).toBe(400);
    expect(exec.body.error).toEqual({
      code: 'invalid_argument',
      message: 'command not allowlisted: rm',
      retryable: false,
    });
  });

  it('should report the Dockerfile heuristics when trivy is not installed', async () => {
    const response = await invoke('security.scan_container', { args: {} });
    expect(response.status).toBe(200);
    expect(response.body.invocation.output).toMatchObject({
      scanner: 'heuristic-dockerfile',
      target: '.',
      findings_count: 3,
      severity_counts: { critical: 0, high: 1, medium: 2, low: 0, unknown: 0 },
      exit_code: 0,
    });
    expect(
      response.body.invocation.output.findings.map((finding: { id: string }) => finding.id),
    ).toEqual([
      'dockerfile.pipe_to_shell',
      'dockerfile.missing_user',
      'dockerfile.unpinned_base_image',
    ]);
  });
});

describe('container tools with synthetic fallbacks disallowed', () => {
  let fakes: FakePrograms;
  let t: TestApp;

  beforeAll(async () => {
    fakes = await brokenContainerPrograms();
    t = await startWithPath(fakes.dir, { WORKSPACE_CONTAINER_ALLOW_SYNTHETIC_FALLBACK: 'false' });
  });
  afterAll(async () => {
    await t.close();
    await fakes.cleanup();
  });

  it('should stay strict even when the request asks for a synthetic result', async () => {
    const created = await t.request('POST', '/v1/sessions', {
      body: { principal: { tenant_id: 'demo', actor_id: 'ops', roles: ['developer'] } },
    });
    const response = await t.request(
      'POST',
      `/v1/sessions/${created.body.session.id}/tools/container.ps/invoke`,
      { body: { args: { strict: false } } },
    );
    expect(response.status).toBe(500);
    expect(response.body.error).toEqual({
      code: 'execution_failed',
      message: 'container runtime not available',
      retryable: false,
    });
  });
});
