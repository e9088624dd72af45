import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { S3RVER_CREDENTIALS, type S3rverInstance, startS3rver } from '#app/artifacts/testing';
import { freePort, spawnService } from './support/service-process.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const CREDENTIAL_VARIABLES = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] as const;
const CREDENTIALS_ENV = {
  AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
};

// The service with ARTIFACT_STORE_BACKEND=s3 against s3rver, a protocol-level S3 substitute in this
// process: the real SDK, real S3 HTTP, credentials from the SDK's default chain (environment).
describe('S3 artifact store end to end (s3rver, protocol-level S3 substitute)', () => {
  const saved: Record<string, string | undefined> = {};
  let s3: S3rverInstance;
  let t: TestApp;
  let env: Record<string, string>;

  const createSession = async (): Promise<{ id: string; workspace: string }> => {
    const created = await t.request('POST', '/v1/sessions', {
      body: {
        principal: { tenant_id: 'demo', actor_id: 'alice', roles: ['developer'] },
        allowed_paths: ['.'],
      },
    });
    expect(created.status).toBe(201);
    return {
      id: created.body.session.id as string,
      workspace: created.body.session.workspace_path as string,
    };
  };
  const upload = (sessionId: string, args: Record<string, unknown>) =>
    t.request('POST', `/v1/sessions/${sessionId}/tools/artifact.upload/invoke`, { body: { args } });

  beforeAll(async () => {
    for (const name of CREDENTIAL_VARIABLES) {
      saved[name] = process.env[name];
    }
    Object.assign(process.env, CREDENTIALS_ENV);
    s3 = await startS3rver('wes-artifacts');
    env = {
      ARTIFACT_STORE_BACKEND: 's3',
      ARTIFACT_S3_BUCKET: s3.bucket,
      ARTIFACT_S3_ENDPOINT: s3.endpoint,
      ARTIFACT_S3_FORCE_PATH_STYLE: 'true',
      ARTIFACT_S3_PREFIX: 'e2e/',
      LOG_LEVEL: 'error',
    };
    t = await startTestApp(env);
  });

  afterAll(async () => {
    await t?.close();
    await s3?.close();
    for (const name of CREDENTIAL_VARIABLES) {
      if (saved[name] === undefined) {
        delete process.env[name];
      } else {
        process.env[name] = saved[name];
      }
    }
  });

  it('should report the bucket as the ready artifact store', async () => {
    const ready = await t.request('GET', '/readyz');

    expect(ready.status).toBe(200);
    expect(ready.body.checks.artifact_store).toBe('ok');
  });

  it('should store a tool artifact in the bucket and download it byte-equal', async () => {
    const session = await createSession();
    const data = randomBytes(6 * 1024 * 1024 + 17);
    await writeFile(join(session.workspace, 'big.bin'), data);

    const response = await upload(session.id, {
      path: 'big.bin',
      name: 'résumé 报告.bin',
      max_bytes: 10_485_760,
    });

    expect(response.status).toBe(200);
    const invocation = response.body.invocation;
    const artifact = invocation.artifacts.find(
      (entry: { name: string }) => entry.name === 'résumé 报告.bin',
    );
    expect(artifact).toMatchObject({
      size_bytes: data.length,
      sha256: createHash('sha256').update(data).digest('hex'),
    });
    const download = await t.app.inject({ method: 'GET', url: artifact.download_path });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(data)).toBe(true);
    expect(download.headers['content-length']).toBe(String(data.length));
    expect(download.headers['content-type']).toBe('application/octet-stream');
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="r_sum_ __.bin"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%E6%8A%A5%E5%91%8A.bin`,
    );
    // The bytes are in the bucket under the documented key, not under ARTIFACT_ROOT.
    const raw = new S3Client({
      region: 'us-east-1',
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: S3RVER_CREDENTIALS,
    });
    try {
      const head = await raw.send(
        new HeadObjectCommand({
          Bucket: s3.bucket,
          Key: `e2e/${invocation.id}/${artifact.id}-résumé 报告.bin`,
        }),
      );
      expect(head.ContentLength).toBe(data.length);
      expect(head.Metadata?.['sha256']).toBe(artifact.sha256);
    } finally {
      raw.destroy();
    }
    expect(existsSync(join(t.config.workspace.artifactRoot, invocation.id))).toBe(false);
    const read = await t.request('GET', `/v1/invocations/${invocation.id}`);
    expect(read.body.invocation.output).toMatchObject({ size_bytes: data.length });
  });

  it('should answer 503 unavailable, not 500, while s3rver is stopped, and recover once it is back', async () => {
    const session = await createSession();
    await writeFile(join(session.workspace, 'a.txt'), 'hola');
    const stored = await upload(session.id, { path: 'a.txt' });
    expect(stored.status).toBe(200);
    const downloadPath = stored.body.invocation.artifacts[0].download_path as string;

    await s3.stop();
    try {
      const started = Date.now();
      const refused = await upload(session.id, { path: 'a.txt' });
      expect(refused.status).toBe(503);
      expect(refused.body.error).toEqual({
        code: 'unavailable',
        message: 'artifact persistence failed: artifact store unavailable',
        retryable: true,
      });
      expect(refused.body.invocation).toMatchObject({ status: 'failed', artifacts: [] });
      const download = await t.request('GET', downloadPath);
      expect(download.status).toBe(503);
      expect(download.body.error).toMatchObject({
        code: 'unavailable',
        message: 'artifact store unavailable',
      });
      const ready = await t.request('GET', '/readyz');
      expect(ready.status).toBe(503);
      expect(ready.body.checks.artifact_store).toMatch(
        new RegExp(`^error: bucket wes-artifacts at ${s3.endpoint}: .*ECONNREFUSED`),
      );
      // What the ArtifactStoreDown alert reads (deploy/monitoring, API.md 11.1).
      expect((await t.request('GET', '/metrics')).text).toContain(
        'workspace_dependency_up{dependency="artifact_store"} 0',
      );
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      await s3.start();
    }

    expect((await t.request('GET', '/readyz')).status).toBe(200);
    expect((await t.request('GET', '/metrics')).text).toContain(
      'workspace_dependency_up{dependency="artifact_store"} 1',
    );
    expect((await t.request('GET', downloadPath)).text).toBe('hola');
  });

  it('should exit 1 with the startup failed line when the built service cannot reach the bucket', async () => {
    const closed = await freePort();
    const service = spawnService(
      {
        WORKSPACE_ROOT: join(t.root, 'proc-w'),
        ARTIFACT_ROOT: join(t.root, 'proc-a'),
        ...CREDENTIALS_ENV,
        ...env,
        ARTIFACT_S3_ENDPOINT: `http://127.0.0.1:${closed}`,
      },
      await freePort(),
    );

    expect(await service.exited).toBe(1);
    expect(service.stderr()).toBe(
      `startup failed: artifact store unreachable: bucket wes-artifacts at http://127.0.0.1:${closed}: connect ECONNREFUSED 127.0.0.1:${closed}\n`,
    );
  }, 30_000);

  it('should not start when the bucket cannot be reached', async () => {
    await s3.stop();
    try {
      await expect(startTestApp(env)).rejects.toThrow(
        new RegExp(
          `^artifact store unreachable: bucket wes-artifacts at ${s3.endpoint}: .*ECONNREFUSED`,
        ),
      );
    } finally {
      await s3.start();
    }
  });
});
