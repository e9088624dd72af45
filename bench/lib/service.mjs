// Boots the real workspace service (same factory as main.ts) on loopback with temp roots.
import 'reflect-metadata';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../dist/apps/workspace-service/src/create-app.js';
import { loadAppConfig } from '../../dist/libs/config/src/index.js';
import { ServiceState } from '../../dist/libs/http/src/index.js';
import { JsonLogger } from '../../dist/libs/observability/src/index.js';

export const BENCH_FILE = 'bench.txt';
// Issue 16 states the read rows for a 1 KiB file.
export const BENCH_FILE_BYTES = 1024;
export const PRINCIPAL = { tenant_id: 'bench', actor_id: 'bench' };

/**
 * @param options.env extra configuration variables (e.g. the Valkey backends)
 * @param options.fileBytes size of `bench.txt` in the bench session
 * @param options.parent directory holding WORKSPACE_ROOT and ARTIFACT_ROOT (default: the OS temp dir)
 */
export async function startService({
  env = {},
  fileBytes = BENCH_FILE_BYTES,
  parent = tmpdir(),
} = {}) {
  const root = await mkdtemp(join(parent, 'wes-bench-'));
  const config = loadAppConfig({
    WORKSPACE_ROOT: join(root, 'workspaces'),
    ARTIFACT_ROOT: join(root, 'artifacts'),
    ...env,
  });
  const logger = new JsonLogger('error', () => {});
  const app = await createApp(config, logger, { PATH: process.env.PATH, HOME: process.env.HOME });
  await app.init();
  await app.listen({ port: 0, host: '127.0.0.1' });
  app.get(ServiceState).ready = true;
  const baseUrl = addressOf(app.getHttpServer());

  const session = await createSession(baseUrl);
  const filePath = join(session.workspace_path, BENCH_FILE);
  await writeFile(filePath, 'x'.repeat(fileBytes));

  const invokeUrl = `${baseUrl}/v1/sessions/${session.id}/tools/fs.read_file/invoke`;
  const probe = await postJson(invokeUrl, { args: { path: BENCH_FILE } });
  if (probe.status !== 200 || probe.body.invocation?.output?.size_bytes !== fileBytes) {
    throw new Error(
      `probe invocation failed: ${probe.status} ${JSON.stringify(probe.body).slice(0, 500)}`,
    );
  }

  return {
    app,
    baseUrl,
    root,
    session,
    invokeUrl,
    filePath,
    async close() {
      await app.close();
      // Artifact writes of the last responses may still be settling after close; retry ENOTEMPTY.
      await rm(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
}

export async function createSession(baseUrl, extra = {}) {
  const { status, body } = await postJson(`${baseUrl}/v1/sessions`, {
    principal: PRINCIPAL,
    ...extra,
  });
  if (status !== 201) {
    throw new Error(`session creation failed: ${status} ${JSON.stringify(body)}`);
  }
  return body.session;
}

export async function deleteSession(baseUrl, id) {
  const response = await fetch(`${baseUrl}/v1/sessions/${id}`, { method: 'DELETE' });
  await response.arrayBuffer();
}

export async function postJson(url, payload) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  return { status: response.status, body: await response.json() };
}

export function addressOf(server) {
  const address = server.address();
  return `http://127.0.0.1:${address.port}`;
}
