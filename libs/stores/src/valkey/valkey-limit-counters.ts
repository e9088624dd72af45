import { LimitCounters, type RateScope } from '../limit-counters.port.js';
import { formEncode } from './form-encode.js';
import type { ValkeyConnection } from './valkey-connection.js';
import { valkeyCall } from './valkey-errors.js';
import { ValkeyScript } from './valkey-script.js';

/** Fixed prefix of API.md 10; tests pass their own to stay apart from a live service. */
export const LIMITS_KEY_PREFIX = 'workspace:limits';
const WINDOW_TTL_SECONDS = 120;
// Refreshed on each acquire so a replica that crashed with slots taken cannot hold them forever.
const IN_FLIGHT_TTL_SECONDS = 660;

// INCR and the first EXPIRE in one step: a crash between the two cannot leave a window without TTL.
const INCR_WINDOW = new ValkeyScript(
  `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count`,
  1,
);

const INCR_IN_FLIGHT = new ValkeyScript(
  `
local count = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[1])
return count`,
  1,
);

// Never below 0: a release after the key expired (or a double release) removes the key instead.
const DECR_IN_FLIGHT = new ValkeyScript(
  `
local count = redis.call('DECR', KEYS[1])
if count <= 0 then redis.call('DEL', KEYS[1]) return 0 end
return count`,
  1,
);

/** API.md 10: rate windows and in-flight slots shared by every replica. */
export class ValkeyLimitCounters extends LimitCounters {
  constructor(
    private readonly connection: ValkeyConnection,
    private readonly keyPrefix: string = LIMITS_KEY_PREFIX,
  ) {
    super();
  }

  async hitWindow(scope: RateScope, id: string, minute: number): Promise<number> {
    return this.run(INCR_WINDOW, this.windowKey(scope, id, minute), WINDOW_TTL_SECONDS);
  }

  // A plain GET: nothing is created, no TTL is touched.
  async peekWindow(scope: RateScope, id: string, minute: number): Promise<number> {
    return this.read(this.windowKey(scope, id, minute));
  }

  async acquire(sessionId: string): Promise<number> {
    return this.run(INCR_IN_FLIGHT, this.inFlightKey(sessionId), IN_FLIGHT_TTL_SECONDS);
  }

  async release(sessionId: string): Promise<void> {
    await valkeyCall(() => DECR_IN_FLIGHT.run(this.connection.client, this.inFlightKey(sessionId)));
  }

  async peekInFlight(sessionId: string): Promise<number> {
    return this.read(this.inFlightKey(sessionId));
  }

  private windowKey(scope: RateScope, id: string, minute: number): string {
    return `${this.keyPrefix}:rate:${scope}:${formEncode(id)}:${minute}`;
  }

  private async read(key: string): Promise<number> {
    const value = await valkeyCall(() => this.connection.client.get(key));
    return value === null ? 0 : Number(value);
  }

  private inFlightKey(sessionId: string): string {
    return `${this.keyPrefix}:inflight:${formEncode(sessionId)}`;
  }

  private async run(script: ValkeyScript, key: string, ttlSeconds: number): Promise<number> {
    return Number(
      await valkeyCall(() => script.run(this.connection.client, key, String(ttlSeconds))),
    );
  }
}
