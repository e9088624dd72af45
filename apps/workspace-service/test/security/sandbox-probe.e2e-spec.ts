import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  closeSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir, networkInterfaces, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { createServer, type Server } from 'node:net';
import { execFileSync } from 'node:child_process';
import { requireService } from '#app/testing';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { PROBE_PROGRAM } from './sandbox-probe.program.js';

// Finding 2 of issue 11: project code run by a tool (a test suite, an install script) must reach
// nothing but its own workspace. Two tenants under trusted_headers with Valkey stores; tenant A's
// "tests" and "install script" are a probe that tries every escape and reports what it reached.
const redisUp = await requireService('Redis', '127.0.0.1', 6379);
const bwrapUsable = (() => {
  try {
    execFileSync('bwrap', ['--ro-bind', '/', '/', '--unshare-all', '--', 'true'], {
      stdio: 'ignore',
    });
    return true;
  } catch {
    return false;
  }
})();
if (!bwrapUsable) {
  if (process.env['CI'] === 'true') {
    throw new Error('bwrap cannot create namespaces here; CI=true requires the sandbox');
  }
  console.warn('\n!!! SKIPPED: sandbox probe — bwrap cannot create namespaces on this host !!!\n');
}

const TOKEN = `probe-token-${randomUUID()}`;
const SECRET = `probe-secret-${randomUUID()}`;
const hostAddresses = Object.values(networkInterfaces())
  .flatMap((entries) => entries ?? [])
  .filter((entry) => entry.family === 'IPv4' && !entry.address.startsWith('127.'))
  .map((entry) => entry.address);

(redisUp && bwrapUsable ? describe : describe.skip)(
  'sandbox probe (trusted_headers, Valkey stores, sandbox required)',
  () => {
    const run = `wes-probe:${process.pid}:${randomUUID().slice(0, 8)}`;
    const base = mkdtempSync(join(tmpdir(), 'wes-probe-'));
    const source = join(base, 'source');
    const hostTmpSecret = join(tmpdir(), `wes-probe-host-secret-${randomUUID()}`);
    const servers: Server[] = [];
    const accepted: string[] = [];
    let stand: ChildProcess;
    let t: TestApp;
    let own: { id: string; workspace: string };
    let other: { id: string; workspace: string };
    const targets: Array<[string, number]> = [];

    const headers = (tenant: string) => ({
      'X-Workspace-Auth-Token': TOKEN,
      'X-Workspace-Tenant-Id': tenant,
      'X-Workspace-Actor-Id': 'agent',
      'X-Workspace-Roles': 'developer',
    });
    const listen = async (host: string): Promise<number> => {
      const server = createServer((socket) => {
        accepted.push(`${host}:${socket.localPort}`);
        socket.on('error', () => undefined);
        socket.end();
      });
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, host, resolve));
      return (server.address() as { port: number }).port;
    };
    const createSession = async (tenant: string, body: Record<string, unknown>) => {
      const created = await t.request('POST', '/v1/sessions', { body, headers: headers(tenant) });
      expect(created.status).toBe(201);
      return {
        id: created.body.session.id as string,
        workspace: created.body.session.workspace_path as string,
      };
    };
    const invoke = (
      tenant: string,
      sessionId: string,
      tool: string,
      args: Record<string, unknown>,
    ) =>
      t.request('POST', `/v1/sessions/${sessionId}/tools/${tool}/invoke`, {
        body: { args },
        headers: headers(tenant),
      });

    /** The probe's configuration: every escape, aimed at the real paths and ports of this run. */
    const probeConfig = (name: string) => ({
      secret: SECRET,
      servicePid: stand.pid,
      readFiles: {
        other_workspace: join(other.workspace, 'secret.txt'),
        host_tmp: hostTmpSecret,
        service_cwd: join(process.cwd(), 'package.json'),
        artifact: join(t.config.workspace.artifactRoot, 'planted', 'artifact.txt'),
      },
      writeFiles: { other_workspace: join(other.workspace, `pwned-${name}.txt`) },
      listDirs: {
        workspace_root: t.config.workspace.root,
        artifact_root: t.config.workspace.artifactRoot,
        service_cwd: process.cwd(),
        service_home: homedir(),
        other_workspace: other.workspace,
      },
      daemonFifo: join(own.workspace, `daemon-${name}.fifo`),
      daemonStarted: join(own.workspace, `daemon-${name}.started`),
      daemonMarker: join(own.workspace, `daemon-${name}.marker`),
      targets,
    });

    const expectNothingReached = (name: string): void => {
      const report = JSON.parse(readFileSync(join(own.workspace, `report-${name}.json`), 'utf8'));
      expect(report.environ).toEqual([]);
      expect(report.pids).not.toContain(stand.pid);
      expect(report.pids).not.toContain(process.pid);
      expect(report.reads).toEqual({});
      expect(report.writes).toEqual({});
      expect(existsSync(join(other.workspace, `pwned-${name}.txt`))).toBe(false);
      // Only the path down to its own workspace exists inside WORKSPACE_ROOT.
      const ownTenant = basename(dirname(dirname(own.workspace)));
      expect(report.listings.workspace_root ?? []).toEqual(
        expect.not.arrayContaining([basename(dirname(dirname(other.workspace)))]),
      );
      expect(
        (report.listings.workspace_root ?? []).filter((entry: string) => entry !== ownTenant),
      ).toEqual([]);
      expect(report.listings.artifact_root ?? []).toEqual([]);
      expect(report.listings.service_cwd ?? []).toEqual([]);
      expect(report.listings.service_home ?? []).toEqual([]);
      expect(report.listings.other_workspace).toBeUndefined();
      expect(report.connected).toEqual([]);
      expect(accepted).toEqual([]);
      // The daemon started, and no process holds its FIFO open any more: it died with the run.
      expect(existsSync(join(own.workspace, `daemon-${name}.started`))).toBe(true);
      expect(() =>
        closeSync(
          openSync(
            join(own.workspace, `daemon-${name}.fifo`),
            constants.O_WRONLY | constants.O_NONBLOCK,
          ),
        ),
      ).toThrow(expect.objectContaining({ code: 'ENXIO' }));
      expect(existsSync(join(own.workspace, `daemon-${name}.marker`))).toBe(false);
    };

    beforeAll(async () => {
      // A stand-in for the service process holding the shared token in its environment.
      stand = spawn('sleep', ['600'], {
        env: { WORKSPACE_AUTH_SHARED_TOKEN: SECRET },
        stdio: 'ignore',
      });
      writeFileSync(hostTmpSecret, SECRET);
      mkdirSync(source, { recursive: true });
      writeFileSync(join(source, 'probe.js'), PROBE_PROGRAM);
      writeFileSync(join(source, '.npmrc'), 'audit=false\nfund=false\nupdate-notifier=false\n');
      writeFileSync(
        join(source, 'package.json'),
        JSON.stringify({
          name: 'probe',
          version: '1.0.0',
          scripts: {
            test: 'node probe.js probe-offline.json report-offline.json',
            install: 'node probe.js probe-network.json report-network.json',
          },
        }),
      );
      t = await startTestApp({
        WORKSPACE_AUTH_MODE: 'trusted_headers',
        WORKSPACE_AUTH_SHARED_TOKEN: TOKEN,
        WORKSPACE_LOCAL_SANDBOX: 'required',
        WORKSPACE_ALLOW_UNSANDBOXED: 'false',
        WORKSPACE_SOURCE_REPO_ALLOWLIST: source,
        INVOCATION_STORE_BACKEND: 'valkey',
        SESSION_STORE_BACKEND: 'valkey',
        VALKEY_ADDR: '127.0.0.1:6379',
        INVOCATION_STORE_KEY_PREFIX: `${run}:invocation`,
        SESSION_STORE_KEY_PREFIX: `${run}:session`,
        LOG_LEVEL: 'error',
      });
      mkdirSync(join(t.config.workspace.artifactRoot, 'planted'), { recursive: true });
      writeFileSync(join(t.config.workspace.artifactRoot, 'planted', 'artifact.txt'), SECRET);
      other = await createSession('tenant-b', {});
      writeFileSync(join(other.workspace, 'secret.txt'), SECRET);
      targets.push(
        ['127.0.0.1', 6379],
        ['127.0.0.1', await listen('127.0.0.1')],
        ['10.0.2.2', 6379],
        ['169.254.169.254', 80],
      );
      for (const address of hostAddresses) {
        targets.push([address, await listen(address)]);
        targets.push([address, 6379]);
      }
      own = await createSession('tenant-a', { source_repo_path: source });
      for (const name of ['offline', 'network']) {
        writeFileSync(join(own.workspace, `probe-${name}.json`), JSON.stringify(probeConfig(name)));
        execFileSync('mkfifo', [join(own.workspace, `daemon-${name}.fifo`)]);
      }
    }, 60_000);

    afterAll(async () => {
      stand?.kill('SIGKILL');
      await Promise.all(
        servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
      );
      await t?.close();
      rmSync(base, { recursive: true, force: true });
      rmSync(hostTmpSecret, { force: true });
    });

    it('should show the sandbox as ok in /readyz', async () => {
      const ready = await t.request('GET', '/readyz');
      expect(ready.status).toBe(200);
      expect(ready.body.checks.sandbox).toBe('ok');
    });

    it('should let a test suite reach nothing but its own workspace (repo.run_tests)', async () => {
      const response = await invoke('tenant-a', own.id, 'repo.run_tests', {});
      expect(response.status).toBe(200);
      expectNothingReached('offline');
    }, 60_000);

    it('should let an install script with network reach neither loopback, host addresses nor link-local (node.install)', async () => {
      const response = await invoke('tenant-a', own.id, 'node.install', {
        use_ci: false,
        ignore_scripts: false,
      });
      expect(response.status).toBe(200);
      expectNothingReached('network');
    }, 120_000);
  },
);
