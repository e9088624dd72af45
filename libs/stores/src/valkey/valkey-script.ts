import { hash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * A Lua script run as one atomic step, sent by its SHA1 (`EVALSHA`); its text goes over the wire
 * only when the server does not have it (`NOSCRIPT`: the first run against a server, or after a
 * restart or `SCRIPT FLUSH`), and `EVAL` leaves it cached there. `EVAL` with the text on every
 * call cost the server a SHA1 of the whole script and the socket ~1 KiB per invocation
 * (docs/PERFORMANCE.md).
 *
 * Not ioredis's `defineCommand`: with auto-pipelining (valkey-connection.ts) a defined script
 * sent while the server is down crashes inside ioredis and its promise never settles, where plain
 * `EVALSHA`/`EVAL` fail at once with the connection error (valkey-connection.spec.ts).
 */
export class ValkeyScript {
  readonly sha: string;

  constructor(
    readonly lua: string,
    private readonly numberOfKeys: number,
  ) {
    this.sha = hash('sha1', lua);
  }

  /** Runs the script: `numberOfKeys` keys first, then its arguments. */
  async run(client: Redis, ...keysAndArgs: Array<string | Buffer>): Promise<unknown> {
    try {
      return await client.evalsha(this.sha, this.numberOfKeys, ...keysAndArgs);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) {
        throw error;
      }
      return client.eval(this.lua, this.numberOfKeys, ...keysAndArgs);
    }
  }
}
