import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValkeyConnection } from '#app/stores';
import { requireService } from '#app/testing';
import { startTestApp, type TestApp } from '../support/test-app.js';

const OUTPUT_QUOTA = 200_000;
const ARTIFACT_QUOTA = 100_000;
const LAST_LINE = 'LAST LINE: 1 failing — ça coûte 💥';

// Finding 12: a failing test run stored 6.1 MB against a 200 KB output quota and a 100 KB artifact
// quota. A failed `repo.run_tests` keeps its own error and stores no more than the quotas allow
// (API.md 10.3), with the memory store and with the Valkey store (which keeps logs in artifacts).
const redisUp = await requireService('Redis', '127.0.0.1', 6379);

describe.each<[string, Record<string, string>, boolean]>([
  ['memory stores', {}, true],
  [
    'Valkey stores',
    {
      INVOCATION_STORE_BACKEND: 'valkey',
      SESSION_STORE_BACKEND: 'valkey',
      VALKEY_ADDR: '127.0.0.1:6379',
    },
    redisUp,
  ],
])('quotas on a failing repo.run_tests (%s)', (_label, storeEnv, enabled) => {
  const run = `wes-quota:${process.pid}:${randomUUID().slice(0, 8)}`;
  let t: TestApp;
  let repo: string;

  beforeAll(async () => {
    if (!enabled) {
      return;
    }
    t = await startTestApp({
      ...storeEnv,
      INVOCATION_STORE_KEY_PREFIX: `${run}:invocation`,
      SESSION_STORE_KEY_PREFIX: `${run}:session`,
      WORKSPACE_MAX_OUTPUT_BYTES_PER_INVOCATION: String(OUTPUT_QUOTA),
      WORKSPACE_MAX_ARTIFACT_BYTES_PER_INVOCATION: String(ARTIFACT_QUOTA),
    });
    repo = mkdtempSync(join(tmpdir(), 'wes-quota-'));
    writeFileSync(
      join(repo, 'package.json'),
      JSON.stringify({ name: 'loud', version: '1.0.0', scripts: { test: 'node loud.js' } }),
    );
    // About 1.5 MB of output (under the 2 MiB per-command cap) with multi-byte characters, then a failure.
    writeFileSync(
      join(repo, 'loud.js'),
      [
        "const line = 'é€😀 noisy test output '.repeat(20);",
        'for (let i = 0; i < 3000; i++) { process.stdout.write(`${i} ${line}\\n`); }',
        `process.stdout.write(${JSON.stringify(`${LAST_LINE}\n`)});`,
        'process.exitCode = 1;',
      ].join('\n'),
    );
  });

  afterAll(async () => {
    if (!enabled) {
      return;
    }
    if (storeEnv['INVOCATION_STORE_BACKEND'] === 'valkey') {
      const redis = await ValkeyConnection.open({ host: '127.0.0.1', port: 6379, db: 0 });
      const keys = await redis.client.keys(`${run}:*`);
      if (keys.length > 0) {
        await redis.client.del(...keys);
      }
      await redis.close();
    }
    await t.close();
    rmSync(repo, { recursive: true, force: true });
  });

  (enabled ? it : it.skip)(
    'should keep execution_failed and store at most the quotas, saying what was cut',
    async () => {
      const created = await t.request('POST', '/v1/sessions', {
        body: {
          principal: { tenant_id: 'demo', actor_id: 'agent', roles: ['developer'] },
          source_repo_path: repo,
        },
      });
      expect(created.status).toBe(201);
      const sessionId = created.body.session.id as string;

      const red = await t.request('POST', `/v1/sessions/${sessionId}/tools/repo.run_tests/invoke`, {
        body: {},
      });

      expect(red.body.error.code).toBe('execution_failed');
      expect(red.body.error.message).toContain('command failed:');
      const invocation = red.body.invocation;
      expect(invocation.status).toBe('failed');
      expect(invocation.exit_code).toBe(1);
      // The output (about 1.5 MB of JSON) cannot fit and is dropped whole; the report artifact too.
      expect(invocation.output).toBeUndefined();
      expect(invocation.truncation.output_bytes_dropped).toBeGreaterThan(1_000_000);
      expect(invocation.truncation.artifacts_dropped).toEqual([
        { name: 'test-output.txt', size_bytes: expect.any(Number) },
      ]);
      expect(invocation.truncation.logs_bytes_dropped).toBeGreaterThan(1_000_000);
      expect(invocation.artifacts.map((artifact: { name: string }) => artifact.name)).toEqual([
        'invocation-logs.jsonl',
      ]);
      expect(invocation.artifacts[0].size_bytes).toBeLessThanOrEqual(OUTPUT_QUOTA);
      // The tail is what is kept: the failure at the end of the run.
      const messages = (invocation.logs as Array<{ message: string }>).map((line) => line.message);
      expect(messages.some((message) => message.includes(LAST_LINE))).toBe(true);
      expect(messages.join('')).not.toContain('\uFFFD');

      // On disk: everything the invocation stored.
      const directory = join(t.config.workspace.artifactRoot, invocation.id);
      const stored = readdirSync(directory).reduce(
        (sum, name) => sum + statSync(join(directory, name)).size,
        0,
      );
      expect(stored).toBeLessThanOrEqual(OUTPUT_QUOTA + ARTIFACT_QUOTA);
      expect(stored).toBe(invocation.artifacts[0].size_bytes);

      // Through the read routes: the same bounded record, logs and artifact list.
      const read = await t.request('GET', `/v1/invocations/${invocation.id}`);
      expect(read.body.invocation.truncation).toEqual(invocation.truncation);
      expect(read.body.invocation.logs).toEqual(invocation.logs);
      const logs = await t.request('GET', `/v1/invocations/${invocation.id}/logs`);
      expect(
        Buffer.byteLength(
          logs.body.logs.map((line: unknown) => `${JSON.stringify(line)}\n`).join(''),
        ),
      ).toBeLessThanOrEqual(OUTPUT_QUOTA);
      const artifacts = await t.request('GET', `/v1/invocations/${invocation.id}/artifacts`);
      expect(artifacts.body.artifacts.map((artifact: { name: string }) => artifact.name)).toEqual([
        'invocation-logs.jsonl',
      ]);

      if (storeEnv['INVOCATION_STORE_BACKEND'] === 'valkey') {
        // The Valkey envelope keeps references, never the logs themselves (API.md 9.2).
        const redis = await ValkeyConnection.open({ host: '127.0.0.1', port: 6379, db: 0 });
        const envelope = await redis.client.get(`${run}:invocation:${invocation.id}`);
        await redis.close();
        expect(envelope!.length).toBeLessThan(10_000);
        expect(JSON.parse(envelope!)).toMatchObject({
          logs_ref: invocation.logs_ref,
          truncation: invocation.truncation,
        });
      }
    },
    60_000,
  );
});
