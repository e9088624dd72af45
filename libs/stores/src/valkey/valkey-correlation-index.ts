import type { CorrelationKey } from '../invocation-store.port.js';
import type { ValkeyConnection } from './valkey-connection.js';
import { valkeyCall } from './valkey-errors.js';
import type { ValkeyInvocationKeys } from './valkey-invocation-keys.js';
import { ValkeyScript } from './valkey-script.js';

// Deletes the correlation entry only while it still points at the record being deleted.
const DELETE_IF_OWNER = new ValkeyScript(
  `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1`,
  1,
);

// Replaces an entry whose owner record is gone; refuses when the owner changed meanwhile.
const REPLACE_IF_OWNER = new ValkeyScript(
  `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if tonumber(ARGV[3]) > 0 then redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
else redis.call('SET', KEYS[1], ARGV[2]) end
return 1`,
  1,
);

const CLAIM_ATTEMPTS = 3;

/**
 * The correlation index of the Valkey invocation store (API.md 9.2): one entry per
 * session/tool/correlation id naming the invocation that owns it. An entry whose owner record is
 * gone is stale and may be taken over, as in memory.
 */
export class ValkeyCorrelationIndex {
  constructor(
    private readonly connection: ValkeyConnection,
    private readonly keys: ValkeyInvocationKeys,
    private readonly ttlSeconds: number,
  ) {}

  async claim(key: CorrelationKey, invocationId: string): Promise<string | null> {
    const indexKey = this.keys.correlation(key);
    for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
      if ((await this.set(indexKey, invocationId, 'NX')) === 'OK') {
        return null;
      }
      const owner = await valkeyCall(() => this.client.get(indexKey));
      if (owner === null) {
        continue; // expired between the two commands: try again
      }
      if (owner === invocationId) {
        return null;
      }
      if (await this.recordExists(owner)) {
        return owner;
      }
      // The owner's record is gone (deleted or expired first): the entry is stale, as in memory.
      const replaced = await valkeyCall(() =>
        REPLACE_IF_OWNER.run(this.client, indexKey, owner, invocationId, String(this.ttlSeconds)),
      );
      if (replaced === 1) {
        return null;
      }
    }
    throw new Error('correlation claim did not settle');
  }

  async find(key: CorrelationKey): Promise<string | null> {
    const owner = await valkeyCall(() => this.client.get(this.keys.correlation(key)));
    return owner !== null && (await this.recordExists(owner)) ? owner : null;
  }

  /**
   * Drops the entry while it still names `ownerId`. Not wrapped in `valkeyCall`: the store's delete
   * runs it inside its own call, together with the record's removal.
   */
  async release(key: CorrelationKey, ownerId: string): Promise<void> {
    await DELETE_IF_OWNER.run(this.client, this.keys.correlation(key), ownerId);
  }

  private get client(): ValkeyConnection['client'] {
    return this.connection.client;
  }

  private async recordExists(id: string): Promise<boolean> {
    return (await valkeyCall(() => this.client.exists(this.keys.record(id)))) > 0;
  }

  // Every write resets the TTL (API.md 9.2); 0 means no expiry.
  private async set(key: string, value: string, mode?: 'NX'): Promise<string | null> {
    return valkeyCall(() => {
      const ttl = this.ttlSeconds;
      if (ttl > 0) {
        return mode
          ? this.client.set(key, value, 'EX', ttl, mode)
          : this.client.set(key, value, 'EX', ttl);
      }
      return mode ? this.client.set(key, value, mode) : this.client.set(key, value);
    });
  }
}
