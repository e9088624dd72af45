import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, spawnService, waitReady } from './support/service-process.js';

// The built service as a real process: startup validation, readiness, SIGTERM handling (API.md 12).
describe('service process', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'wes-proc-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const dirs = () => ({ WORKSPACE_ROOT: join(root, 'w'), ARTIFACT_ROOT: join(root, 'a') });

  it('should exit 1 listing every configuration problem on stderr, never echoing secrets', async () => {
    const service = spawnService(
      {
        ...dirs(),
        WORKSPACE_BACKEND: 'docker',
        WORKSPACE_RATE_LIMIT_PER_MINUTE: 'ten',
        WORKSPACE_AUTH_MODE: 'trusted_headers',
      },
      await freePort(),
    );
    expect(await service.exited).toBe(1);
    expect(service.stderr()).toBe(
      [
        'invalid configuration (3 problems):',
        '  WORKSPACE_BACKEND: must be one of local, kubernetes (got "docker")',
        '  WORKSPACE_AUTH_SHARED_TOKEN: required when WORKSPACE_AUTH_MODE=trusted_headers',
        '  WORKSPACE_RATE_LIMIT_PER_MINUTE: must be an integer >= 0 (got "ten")',
        '',
      ].join('\n'),
    );
    expect(service.stdout()).toBe('');
  }, 90_000);

  it('should refuse to start unsandboxed under trusted_headers without the explicit opt-in', async () => {
    const service = spawnService(
      {
        ...dirs(),
        WORKSPACE_AUTH_MODE: 'trusted_headers',
        WORKSPACE_AUTH_SHARED_TOKEN: 's3cret',
        WORKSPACE_LOCAL_SANDBOX: 'off',
      },
      await freePort(),
    );
    expect(await service.exited).toBe(1);
    expect(service.stderr()).toBe(
      'invalid configuration (1 problem):\n' +
        '  WORKSPACE_LOCAL_SANDBOX: must not be off when WORKSPACE_AUTH_MODE=trusted_headers unless WORKSPACE_ALLOW_UNSANDBOXED=true (got "off")\n',
    );
  }, 90_000);

  it('should stop with startup failed when the kubernetes client cannot be configured', async () => {
    const service = spawnService({ ...dirs(), WORKSPACE_BACKEND: 'kubernetes' }, await freePort());
    expect(await service.exited).toBe(1);
    expect(service.stderr()).toMatch(/^startup failed: /);
  }, 90_000);

  it('should serve, then exit 0 on SIGTERM', async () => {
    const port = await freePort();
    const service = spawnService(dirs(), port);
    await waitReady(port);
    const created = await fetch(`http://127.0.0.1:${port}/v1/sessions`, {
      method: 'POST',
      body: JSON.stringify({ principal: { tenant_id: 't', actor_id: 'a' } }),
    });
    expect(created.status).toBe(201);
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
    const lines = service
      .stdout()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { msg: string });
    expect(lines.some((line) => line.msg === 'shutdown requested')).toBe(true);
  }, 60_000);
});
