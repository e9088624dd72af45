import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

/** The built service (`npm run build` runs before the e2e suite in `npm test`). */
export const SERVICE_ENTRY = resolve('dist/apps/workspace-service/src/main.js');

export interface ServiceProcess {
  child: ChildProcess;
  port: number;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** Starts `node dist/.../main.js` with the given environment (process.execPath is Node 24 under npm). */
export function spawnService(env: Record<string, string>, port: number): ServiceProcess {
  let out = '';
  let err = '';
  const child = spawn(process.execPath, [SERVICE_ENTRY], {
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '',
      PORT: String(port),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolveExit) =>
    child.on('exit', (code) => resolveExit(code)),
  );
  return { child, port, stdout: () => out, stderr: () => err, exited };
}

/**
 * Polls /readyz until 200 or the deadline. The default is generous: a loaded 2-core CI host has been
 * seen taking 25 s to start the service; a healthy start returns at once.
 */
export async function waitReady(port: number, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (response.status === 200) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((wait) => setTimeout(wait, 100));
  }
  throw new Error(`service on port ${port} did not become ready`);
}
