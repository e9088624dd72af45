import type { ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';

import type { SpawnHooks } from './local-command-runner.js';
import { SandboxInit } from './sandbox-init.js';
import type { HeldUserNamespace, NetworkAttachment, SandboxNetwork } from './sandbox-network.js';

// The extra descriptors bwrap is given (`--info-fd`, `--block-fd`, `--userns`), in spawn order.
export const INFO_FD = 3;
export const BLOCK_FD = 4;
export const USERNS_FD = 5;

/**
 * The handshake with one bwrap process: read the sandbox's pid from `--info-fd`; with network,
 * attach the user-mode network to that pid and only then release `--block-fd`, so the program
 * never runs before the host is blocked.
 */
export class SandboxLaunch {
  started = false;
  private attachment: NetworkAttachment | undefined;
  private sandboxInit: SandboxInit | undefined;

  constructor(
    private readonly network: SandboxNetwork | null,
    private readonly userns: HeldUserNamespace | undefined,
  ) {}

  hooks(): SpawnHooks {
    return {
      extraStdio:
        this.network === null
          ? ['pipe']
          : ['pipe', 'pipe', ...(this.userns === undefined ? [] : [this.userns.fd])],
      onSpawn: (child) => this.onSpawn(child),
    };
  }

  close(): void {
    this.attachment?.close();
    this.userns?.close();
  }

  /**
   * bwrap itself may exit as soon as the program's status is known, while the kernel is still
   * killing what is left in the PID namespace (`setsid` daemons included). The namespace's init
   * becomes a zombie (or disappears) only after every other process in it has died, so waiting for
   * that makes "nothing outlives the invocation" hold when the invocation ends, not a moment later.
   */
  async namespaceGone(): Promise<void> {
    await this.sandboxInit?.gone();
  }

  private async onSpawn(child: ChildProcess): Promise<void> {
    // Read to its end, never closed early: bwrap writes the whole JSON document and would die of
    // SIGPIPE on a closed pipe.
    const pid = await readChildPid(child.stdio[INFO_FD] as Readable);
    if (pid === undefined) {
      return;
    }
    this.started = true;
    this.sandboxInit = SandboxInit.observe(pid);
    if (this.network !== null) {
      this.attachment = await this.network.attach(pid, this.userns);
      const block = child.stdio[BLOCK_FD] as Writable;
      // Our end is closed once written: a pipe the program inherited cannot hold the run open.
      block.end('1', () => block.destroy());
    }
  }
}

/** Resolves the `child-pid` of the JSON bwrap writes to the info fd, or `undefined` when it closes without. */
function readChildPid(stream: Readable): Promise<number | undefined> {
  return new Promise((resolve) => {
    let text = '';
    stream.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const match = /"child-pid"\s*:\s*(\d+)[^}]*\}/.exec(text);
      if (match) {
        resolve(Number(match[1]));
      }
    });
    stream.on('error', () => resolve(undefined));
    stream.on('close', () => resolve(undefined));
  });
}
