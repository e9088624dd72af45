import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { RedisServerProcess } from '#app/testing';
import {
  freePort,
  spawnService,
  type ServiceProcess,
  waitReady,
} from '../../support/service-process.js';

export interface HttpResult {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: Record<string, any>;
  text: string;
  ms: number;
}

export interface CallOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** The client gives up after this long; a hang then shows up as status 0. Default 10 s. */
  timeoutMs?: number;
}

/** One HTTP request over loopback; network errors and client timeouts answer status 0 (never throw). */
export async function call(
  port: number,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<HttpResult> {
  const started = performance.now();
  try {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: options.headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    const text = await response.text();
    let body: HttpResult['body'] = {};
    try {
      body = text === '' ? {} : (JSON.parse(text) as HttpResult['body']);
    } catch {
      body = {};
    }
    return { status: response.status, body, text, ms: performance.now() - started };
  } catch (error) {
    return { status: 0, body: {}, text: String(error), ms: performance.now() - started };
  }
}

/**
 * The built service as a restartable process: same port and environment on every start, so a
 * restart after `kill -9` looks like the same replica coming back.
 */
export class ServiceUnderTest {
  private current: ServiceProcess | undefined;

  private constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  static async start(env: Record<string, string>): Promise<ServiceUnderTest> {
    const service = new ServiceUnderTest(await freePort(), env);
    await service.restart();
    return service;
  }

  get pid(): number {
    const pid = this.current?.child.pid;
    if (pid === undefined) {
      throw new Error('service is not running');
    }
    return pid;
  }

  get alive(): boolean {
    return (
      this.current !== undefined &&
      this.current.child.exitCode === null &&
      this.current.child.signalCode === null
    );
  }

  output(): string {
    return `${this.current?.stdout() ?? ''}\n${this.current?.stderr() ?? ''}`;
  }

  async restart(): Promise<void> {
    const process = spawnService(this.env, this.port);
    this.current = process;
    try {
      // Generous: on a loaded shared machine a cold start has taken over 15 s.
      await waitReady(this.port, 45_000);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${process.stderr()}`);
    }
  }

  /** SIGKILL: no shutdown hook, no drain, nothing flushed. */
  async kill9(): Promise<void> {
    const process = this.current;
    if (!process || !this.alive) {
      return;
    }
    process.child.kill('SIGKILL');
    await process.exited;
  }

  async stop(): Promise<void> {
    const process = this.current;
    if (!process || !this.alive) {
      return;
    }
    process.child.kill('SIGTERM');
    const timer = setTimeout(() => process.child.kill('SIGKILL'), 10_000);
    await process.exited;
    clearTimeout(timer);
  }
}

/**
 * A private `redis-server` (so a test may stop it), or `undefined` with a loud notice when the
 * binary is missing; under `CI=true` a missing binary fails instead of skipping.
 */
export async function privateRedis(): Promise<RedisServerProcess | undefined> {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    const notice = 'redis-server is not installed';
    if (process.env['CI'] === 'true') {
      throw new Error(`${notice}; CI=true requires it`);
    }
    console.warn(
      `\n!!! SKIPPING TESTS: ${notice}; install it to run them (CI=true fails instead) !!!\n`,
    );
    return undefined;
  }
  return RedisServerProcess.start();
}

/** Environment of a service using Valkey for both stores on a private Redis. */
export function valkeyEnv(redisPort: number, root: string, prefix: string): Record<string, string> {
  return {
    INVOCATION_STORE_BACKEND: 'valkey',
    SESSION_STORE_BACKEND: 'valkey',
    VALKEY_ADDR: `127.0.0.1:${redisPort}`,
    INVOCATION_STORE_KEY_PREFIX: `${prefix}:invocation`,
    SESSION_STORE_KEY_PREFIX: `${prefix}:session`,
    WORKSPACE_ROOT: `${root}/workspaces`,
    ARTIFACT_ROOT: `${root}/artifacts`,
    LOG_LEVEL: 'error',
  };
}

export const PRINCIPAL = { tenant_id: 'acme', actor_id: 'alice', roles: ['developer'] };

export async function createSession(port: number, principal: object = PRINCIPAL): Promise<string> {
  const created = await call(port, 'POST', '/v1/sessions', { body: { principal } });
  if (created.status !== 201) {
    throw new Error(`session create answered ${created.status}: ${created.text}`);
  }
  return created.body['session'].id as string;
}

export function invoke(
  port: number,
  sessionId: string,
  tool: string,
  body: object,
  timeoutMs?: number,
): Promise<HttpResult> {
  return call(port, 'POST', `/v1/sessions/${sessionId}/tools/${tool}/invoke`, { body, timeoutMs });
}

/** Live (non-zombie) members of a process group, read from /proc. */
export function livingGroupMembers(pgid: number): number[] {
  const living: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) {
      continue;
    }
    let stat = '';
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue;
    }
    // Fields after the parenthesised command: state ppid pgrp …
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z') {
      living.push(Number(name));
    }
  }
  return living;
}

/** Resident set size (bytes) and open descriptor count of a process, from /proc. */
export function processFootprint(pid: number): { rssBytes: number; fds: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return { rssBytes: rssKb * 1024, fds: readdirSync(`/proc/${pid}/fd`).length };
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));
