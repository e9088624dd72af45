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
export const BENCH_FILE_BYTES = 4096;

export async function startService() {
  const root = await mkdtemp(join(tmpdir(), 'wes-bench-'));
  const config = loadAppConfig({
    WORKSPACE_ROOT: join(root, 'workspaces'),
    ARTIFACT_ROOT: join(root, 'artifacts'),
  });
  const logger = new JsonLogger('error', () => {});
  const app = await createApp(config, logger, { PATH: process.env.PATH, HOME: process.env.HOME });
  await app.init();
  await app.listen({ port: 0, host: '127.0.0.1' });
  app.get(ServiceState).ready = true;
  const baseUrl = addressOf(app.getHttpServer());

  const response = await fetch(`${baseUrl}/v1/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ principal: { tenant_id: 'bench', actor_id: 'bench' } }),
  });
  const body = await response.json();
  if (response.status !== 201) {
    throw new Error(`session creation failed: ${response.status} ${JSON.stringify(body)}`);
  }
  const session = body.session;
  const filePath = join(session.workspace_path, BENCH_FILE);
  await writeFile(filePath, 'x'.repeat(BENCH_FILE_BYTES));

  const invokeUrl = `${baseUrl}/v1/sessions/${session.id}/tools/fs.read_file/invoke`;
  const probe = await fetch(invokeUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ args: { path: BENCH_FILE } }),
  });
  const probeBody = await probe.json();
  if (probe.status !== 200 || probeBody.invocation?.output?.size_bytes !== BENCH_FILE_BYTES) {
    throw new Error(`probe invocation failed: ${probe.status} ${JSON.stringify(probeBody).slice(0, 500)}`);
  }

  return {
    invokeUrl,
    filePath,
    async close() {
      await app.close();
      // Artifact writes of the last responses may still be settling after close; retry ENOTEMPTY.
      await rm(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
}

export function addressOf(server) {
  const address = server.address();
  return `http://127.0.0.1:${address.port}`;
}
