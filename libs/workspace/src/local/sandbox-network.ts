import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { networkInterfaces } from 'node:os';

/** Addresses slirp4netns gives the namespace: gateway (host loopback alias) and DNS alias. */
const SLIRP_GATEWAY = '10.0.2.2/32';
const SLIRP_DNS = '10.0.2.3/32';
const LINK_LOCAL = '169.254.0.0/16';
// A bound, not an expectation: setup takes milliseconds, but a loaded 2-core host has needed seconds.
const DEFAULT_SETUP_TIMEOUT_MS = 30_000;
const MAX_REASON_CHARS = 300;

export interface SandboxNetworkOptions {
  slirp4netns?: string;
  nsenter?: string;
  ip?: string;
  unshare?: string;
  /** Default 10 s: the whole setup (helper ready, routes set). */
  setupTimeoutMs?: number;
  /** The host's own addresses (IPv4); default: every address of every interface. */
  hostAddresses?: () => string[];
}

/** Why a network-enabled sandbox could not be set up; the command never runs then. */
export class SandboxNetworkError extends Error {
  override readonly name = 'SandboxNetworkError';
}

/** A running user-mode network for one sandbox; `close()` stops the helper. */
export interface NetworkAttachment {
  close(): void;
}

/**
 * A user namespace owned by the (non-root) service user, held open by a small process, for bwrap's
 * `--userns`: the sandbox's network namespace is then owned by a user namespace the service can
 * enter to connect and block it. (Left to itself, unprivileged bwrap moves the sandbox into a
 * nested user namespace that the service can no longer reach.)
 */
export interface HeldUserNamespace {
  /** Pid of the holder; its `/proc/<pid>/ns/user` is the namespace. */
  pid: number;
  /** An open fd on the namespace, to pass to bwrap. */
  fd: number;
  close(): void;
}

/**
 * Outbound network for one sandboxed command (docs/SANDBOX.md): the sandbox has its own network
 * namespace; slirp4netns gives it a user-mode stack whose traffic leaves through ordinary sockets of
 * the service host. Before the program starts, unreachable routes inside the namespace cover
 * everything that would land on the host itself: slirp's gateway and DNS aliases (host loopback),
 * every address of every host interface, and link-local 169.254.0.0/16 (cloud metadata). The
 * program has no capabilities, so it cannot remove them. Any failure is thrown: the caller must
 * not run the command, never fall back to the host network.
 */
export class SandboxNetwork {
  private readonly slirp4netns: string;
  private readonly nsenter: string;
  private readonly ip: string;
  private readonly setupTimeoutMs: number;
  private readonly hostAddresses: () => string[];

  private readonly unshare: string;

  constructor(options: SandboxNetworkOptions = {}) {
    this.unshare = options.unshare ?? 'unshare';
    this.slirp4netns = options.slirp4netns ?? 'slirp4netns';
    this.nsenter = options.nsenter ?? 'nsenter';
    this.ip = options.ip ?? 'ip';
    this.setupTimeoutMs = options.setupTimeoutMs ?? DEFAULT_SETUP_TIMEOUT_MS;
    this.hostAddresses = options.hostAddresses ?? hostIpv4Addresses;
  }

  /** Routes blocked inside every network-enabled sandbox, as `ip route` prefixes. */
  blockedPrefixes(): string[] {
    const host = this.hostAddresses()
      .filter((address) => !address.startsWith('127.'))
      .map((address) => `${address}/32`);
    return [...new Set([SLIRP_GATEWAY, SLIRP_DNS, LINK_LOCAL, ...host])];
  }

  /**
   * Connects the network namespace of `pid` (the sandbox's init, as seen from the host) and
   * blocks the host. @throws SandboxNetworkError with a short reason.
   */
  async attach(pid: number, userns?: HeldUserNamespace): Promise<NetworkAttachment> {
    const helper = spawn(
      this.slirp4netns,
      // --disable-host-loopback: 10.0.2.2 never reaches 127.0.0.1 of the host. --disable-dns: the
      // 10.0.2.3 alias would forward any port to the host's resolver (often a loopback address);
      // programs use the host's resolv.conf nameservers through the stack instead.
      // --enable-sandbox (own mount namespace, capabilities dropped) works only when started as root.
      [
        '--configure',
        '--mtu=65520',
        '--disable-host-loopback',
        '--disable-dns',
        ...(userns === undefined
          ? ['--enable-sandbox']
          : [`--userns-path=/proc/${userns.pid}/ns/user`]),
        '--ready-fd=3',
        '--exit-fd=4',
        String(pid),
        'tap0',
      ],
      // fd 4 is never written: slirp4netns exits when it closes, also when the service dies.
      { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
    );
    const attachment = { close: () => stopHelper(helper) };
    try {
      await withTimeout(
        waitReady(helper, this.slirp4netns),
        this.setupTimeoutMs,
        'network helper not ready',
      );
      await withTimeout(
        this.blockHost(pid, userns),
        this.setupTimeoutMs,
        'route setup did not finish',
      );
      return attachment;
    } catch (error) {
      attachment.close();
      throw error instanceof SandboxNetworkError ? error : new SandboxNetworkError(String(error));
    }
  }

  /**
   * Not root: a user namespace for the sandbox, owned by the service user (see
   * {@link HeldUserNamespace}). Root needs none: it can enter any namespace. @throws SandboxNetworkError
   */
  async holdUserNamespace(): Promise<HeldUserNamespace | undefined> {
    if (process.getuid?.() === 0) {
      return undefined;
    }
    // `cat` keeps the namespace alive until its stdin closes: at close(), or when the service dies.
    // The service user is root inside (`--map-root-user`), so `ip` entered there keeps CAP_NET_ADMIN
    // across exec; the sandboxed program itself has every capability dropped by bwrap.
    const holder = spawn(
      this.unshare,
      ['--map-root-user', '--', 'sh', '-c', 'echo ready; exec cat'],
      {
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    const close = (): void => stopHelper(holder);
    try {
      await withTimeout(
        waitLine(holder, this.unshare),
        this.setupTimeoutMs,
        'user namespace not ready',
      );
      const fd = openSync(`/proc/${holder.pid}/ns/user`, 'r');
      return {
        pid: holder.pid!,
        fd,
        close: () => {
          closeSync(fd);
          close();
        },
      };
    } catch (error) {
      close();
      throw error instanceof SandboxNetworkError ? error : new SandboxNetworkError(String(error));
    }
  }

  private blockHost(pid: number, userns?: HeldUserNamespace): Promise<void> {
    const script = this.blockedPrefixes()
      .map((prefix) => `route add unreachable ${prefix}\n`)
      .join('');
    // As root the network namespace is enough; otherwise enter the held user namespace, whose
    // owner (the service user) holds CAP_NET_ADMIN over the sandbox's network namespace.
    const target =
      userns === undefined
        ? ['--target', String(pid), '--net']
        : [
            '--target',
            String(userns.pid),
            '--user',
            '--preserve-credentials',
            `--net=/proc/${pid}/ns/net`,
          ];
    return runToEnd(this.nsenter, [...target, '--', this.ip, '-batch', '-'], script);
  }
}

/** Every IPv4 address of every interface of this host (loopback included; filtered by the caller). */
export function hostIpv4Addresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((entries) => entries ?? [])
    .filter((entry) => entry.family === 'IPv4')
    .map((entry) => entry.address);
}

function waitReady(helper: ChildProcess, name: string): Promise<void> {
  let stderr = '';
  helper.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-MAX_REASON_CHARS);
  });
  return new Promise((resolve, reject) => {
    helper.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new SandboxNetworkError(
          error.code === 'ENOENT' ? `${name} not found` : `${name}: ${error.message}`,
        ),
      ),
    );
    helper.once('exit', (code) =>
      reject(
        new SandboxNetworkError(`${name} exited with code ${code ?? 'null'}: ${lastLine(stderr)}`),
      ),
    );
    helper.stdio[3]?.once('data', () => resolve());
  });
}

function waitLine(child: ChildProcess, name: string): Promise<void> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-MAX_REASON_CHARS);
  });
  return new Promise((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new SandboxNetworkError(
          error.code === 'ENOENT' ? `${name} not found` : `${name}: ${error.message}`,
        ),
      ),
    );
    child.once('exit', (code) =>
      reject(
        new SandboxNetworkError(`${name} exited with code ${code ?? 'null'}: ${lastLine(stderr)}`),
      ),
    );
    child.stdout?.once('data', () => resolve());
  });
}

function runToEnd(command: string, args: string[], input: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-MAX_REASON_CHARS);
    });
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input);
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new SandboxNetworkError(
          error.code === 'ENOENT' ? `${command} not found` : `${command}: ${error.message}`,
        ),
      ),
    );
    child.once('close', (code) =>
      code === 0
        ? resolve()
        : reject(
            new SandboxNetworkError(
              `blocking host routes failed (exit code ${code ?? 'null'}): ${lastLine(stderr)}`,
            ),
          ),
    );
  });
}

function stopHelper(helper: ChildProcess): void {
  for (const stream of helper.stdio) {
    stream?.destroy();
  }
  if (helper.exitCode === null && helper.signalCode === null) {
    helper.kill('SIGKILL');
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, reason: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SandboxNetworkError(`${reason} within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function lastLine(text: string): string {
  const lines = text
    .trim()
    .split('\n')
    .filter((line) => line.trim() !== '');
  return (lines.at(-1) ?? 'no output').slice(0, MAX_REASON_CHARS);
}
