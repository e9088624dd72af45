import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3RVER_CREDENTIALS, type S3rverInstance, startS3rver } from '#app/artifacts/testing';
import type { RedisServerProcess } from '#app/testing';
import {
  createSession,
  invoke,
  PRINCIPAL,
  privateRedis,
  ServiceUnderTest,
  valkeyEnv,
} from './support/reliability-harness.js';

const redis = await privateRedis();
const describeRedis = redis ? describe : describe.skip;

afterAll(async () => {
  await redis?.stop();
});

/** A one-commit git repository, so `git.status` runs and writes stdout logs. */
function gitFixture(root: string): string {
  const repo = join(root, 'seed');
  mkdirSync(repo, { recursive: true });
  writeFileSync(join(repo, 'README.md'), 'seed\n');
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: repo,
      env: { PATH: process.env['PATH'] ?? '', HOME: root, GIT_CONFIG_NOSYSTEM: '1' },
    });
  git('init', '-q', '-b', 'main');
  git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'add', '.');
  git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-q', '-m', 'seed');
  return repo;
}

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** One GET with the body as bytes and the headers that describe it. */
async function getRaw(port: number, path: string): Promise<RawAnswer> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    signal: AbortSignal.timeout(10_000),
  });
  const headers: Record<string, string> = {};
  for (const name of ['content-type', 'content-length', 'content-disposition']) {
    const value = response.headers.get(name);
    if (value !== null) {
      headers[name] = value;
    }
  }
  return { status: response.status, headers, body: Buffer.from(await response.arrayBuffer()) };
}

/** Every regular file below `directory` (none when it does not exist). */
function filesUnder(directory: string): string[] {
  try {
    return readdirSync(directory, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name));
  } catch {
    return [];
  }
}

// Issue 13: output and logs small enough to be kept with the record live in Valkey, so a replica
// that did not run the invocation (its own ARTIFACT_ROOT, local artifact store) answers the same.
describeRedis('two replicas with their own artifact roots (private redis-server)', () => {
  let root: string;
  let seed: string;
  let a: ServiceUnderTest;
  let b: ServiceUnderTest;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'wes-replica-outputs-'));
    seed = gitFixture(root);
    const shared = valkeyEnv((redis as RedisServerProcess).port, root, 'rel-outputs');
    // One after the other: two cold starts at once on a loaded 2-core host can miss the harness's
    // readiness bound.
    a = await ServiceUnderTest.start({
      ...shared,
      WORKSPACE_ROOT: join(root, 'workspaces-a'),
      ARTIFACT_ROOT: join(root, 'artifacts-a'),
    });
    b = await ServiceUnderTest.start({
      ...shared,
      WORKSPACE_ROOT: join(root, 'workspaces-b'),
      ARTIFACT_ROOT: join(root, 'artifacts-b'),
    });
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    rmSync(root, { recursive: true, force: true });
  });

  it('should answer the invocation, its logs, its artifact list and every download byte for byte the same on both replicas', async () => {
    const created = await fetch(`http://127.0.0.1:${a.port}/v1/sessions`, {
      method: 'POST',
      body: JSON.stringify({ principal: PRINCIPAL, source_repo_path: seed }),
      signal: AbortSignal.timeout(30_000),
    });
    expect(created.status).toBe(201);
    const sessionId = ((await created.json()) as { session: { id: string } }).session.id;
    const invoked = await invoke(a.port, sessionId, 'git.status', { args: {} }, 30_000);
    expect(invoked.status).toBe(200);
    const invocation = invoked.body['invocation'];
    expect(invocation.logs.length).toBeGreaterThan(0);
    expect(invocation.artifacts.map((artifact: { name: string }) => artifact.name).sort()).toEqual([
      'invocation-logs.jsonl',
      'invocation-output.json',
    ]);

    const paths = [
      `/v1/invocations/${invocation.id}`,
      `/v1/invocations/${invocation.id}/logs`,
      `/v1/invocations/${invocation.id}/artifacts`,
      ...invocation.artifacts.map((artifact: { download_path: string }) => artifact.download_path),
    ];
    for (const path of paths) {
      const [onA, onB] = [await getRaw(a.port, path), await getRaw(b.port, path)];
      expect({ path, status: onA.status }).toEqual({ path, status: 200 });
      expect({ path, status: onB.status, headers: onB.headers }).toEqual({
        path,
        status: 200,
        headers: onA.headers,
      });
      expect(onB.body.equals(onA.body)).toBe(true);
    }
    const read = JSON.parse((await getRaw(b.port, paths[0])).body.toString('utf8')) as {
      invocation: unknown;
    };
    expect(read.invocation).toEqual(invocation);
  }, 60_000);

  it('should write no file under either ARTIFACT_ROOT for invocations whose output and logs are small', async () => {
    const sessionId = await createSession(a.port, PRINCIPAL);
    const written = await invoke(a.port, sessionId, 'fs.write_file', {
      approved: true,
      args: { path: 'notes/a.txt', content: 'hola' },
    });
    expect(written.status).toBe(200);
    expect(written.body['invocation'].output_ref).toBeDefined();

    const download = await getRaw(b.port, written.body['invocation'].artifacts[0].download_path);
    expect(JSON.parse(download.body.toString('utf8'))).toEqual(written.body['invocation'].output);
    expect(filesUnder(join(root, 'artifacts-a'))).toEqual([]);
    expect(filesUnder(join(root, 'artifacts-b'))).toEqual([]);
  }, 30_000);
});

// Issue 13: with the S3 artifact store (s3rver, a protocol-level S3 substitute, in this process) and
// nothing kept inline, every read of an invocation made on A — its tool artifact included — is
// served by B from the shared bucket, byte for byte.
describeRedis('two replicas sharing Valkey and an S3 bucket (private redis-server, s3rver)', () => {
  let root: string;
  let s3: S3rverInstance;
  let a: ServiceUnderTest;
  let b: ServiceUnderTest;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'wes-replica-s3-'));
    s3 = await startS3rver('wes-replicas');
    const shared = {
      ...valkeyEnv((redis as RedisServerProcess).port, root, 'rel-outputs-s3'),
      ARTIFACT_STORE_BACKEND: 's3',
      ARTIFACT_S3_BUCKET: s3.bucket,
      ARTIFACT_S3_ENDPOINT: s3.endpoint,
      ARTIFACT_S3_FORCE_PATH_STYLE: 'true',
      AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
      // Everything goes to the bucket, so this exercises the artifact store, not the record.
      WORKSPACE_INLINE_ARTIFACT_MAX_BYTES: '0',
    };
    a = await ServiceUnderTest.start({
      ...shared,
      WORKSPACE_ROOT: join(root, 'workspaces-a'),
      ARTIFACT_ROOT: join(root, 'artifacts-a'),
    });
    b = await ServiceUnderTest.start({
      ...shared,
      WORKSPACE_ROOT: join(root, 'workspaces-b'),
      ARTIFACT_ROOT: join(root, 'artifacts-b'),
    });
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await s3?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('should serve a tool artifact, the output and the logs made on one replica from the other', async () => {
    const sessionId = await createSession(a.port, PRINCIPAL);
    const content = `${'report line é\n'.repeat(4096)}`;
    const written = await invoke(a.port, sessionId, 'fs.write_file', {
      approved: true,
      args: { path: 'out/report.txt', content },
    });
    expect(written.status).toBe(200);
    const uploaded = await invoke(a.port, sessionId, 'artifact.upload', {
      args: { path: 'out/report.txt' },
    });
    expect(uploaded.status).toBe(200);
    const invocation = uploaded.body['invocation'];
    const names = invocation.artifacts.map((artifact: { name: string }) => artifact.name);
    expect(names).toContain('report.txt');
    expect(names).toContain('invocation-output.json');

    const paths = [
      `/v1/invocations/${invocation.id}`,
      `/v1/invocations/${invocation.id}/logs`,
      `/v1/invocations/${invocation.id}/artifacts`,
      ...invocation.artifacts.map((artifact: { download_path: string }) => artifact.download_path),
    ];
    for (const path of paths) {
      const [onA, onB] = [await getRaw(a.port, path), await getRaw(b.port, path)];
      expect({ path, status: onA.status }).toEqual({ path, status: 200 });
      expect({ path, status: onB.status, headers: onB.headers }).toEqual({
        path,
        status: 200,
        headers: onA.headers,
      });
      expect(onB.body.equals(onA.body)).toBe(true);
    }
    const report = invocation.artifacts.find(
      (artifact: { name: string }) => artifact.name === 'report.txt',
    );
    expect((await getRaw(b.port, report.download_path)).body.toString('utf8')).toBe(content);
    expect(filesUnder(join(root, 'artifacts-a'))).toEqual([]);
    expect(filesUnder(join(root, 'artifacts-b'))).toEqual([]);
  }, 60_000);
});
