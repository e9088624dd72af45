import type { Session } from '#app/contracts';
import type { Clock } from '../clock.js';
import { SessionStore } from '../session-store.port.js';
import type { ValkeyConnection } from './valkey-connection.js';
import { valkeyCall } from './valkey-errors.js';
import { countKeys } from './valkey-scan.js';

/**
 * API.md 9.1: key `<prefix>:<session id>` holding the Session JSON, expiring when the session does.
 * Records are immutable after the claim, so the key TTL set at creation is the session's lifetime.
 */
export class ValkeySessionStore extends SessionStore {
  constructor(
    private readonly connection: ValkeyConnection,
    private readonly keyPrefix: string,
    /** TTL for a record without a parseable `expires_at` (none written by this service); 0 = none. */
    private readonly ttlSeconds: number,
    private readonly clock: Clock,
  ) {
    super();
  }

  async claim(session: Session): Promise<boolean> {
    const key = this.key(session.id);
    const value = JSON.stringify(session);
    const ttl = this.ttlFor(session);
    const reply = await valkeyCall(() =>
      ttl > 0 ? this.client.set(key, value, 'EX', ttl, 'NX') : this.client.set(key, value, 'NX'),
    );
    return reply === 'OK';
  }

  async get(id: string): Promise<Session | null> {
    const value = await valkeyCall(() => this.client.get(this.key(id)));
    return value === null ? null : (JSON.parse(value) as Session);
  }

  async delete(id: string): Promise<boolean> {
    return (await valkeyCall(() => this.client.del(this.key(id)))) > 0;
  }

  // Nothing to enumerate: every key carries a TTL ending at `expires_at`, so Valkey itself removes
  // expired sessions, and the lookup closes one read in the seconds before its key goes. Scanning
  // all replicas' sessions here would also make every replica close every session's workspace.
  async listAll(): Promise<Session[]> {
    return [];
  }

  async count(): Promise<number> {
    return valkeyCall(() => countKeys(this.client, `${this.keyPrefix}:`));
  }

  async check(): Promise<string | null> {
    return this.connection.check();
  }

  private get client(): ValkeyConnection['client'] {
    return this.connection.client;
  }

  private key(id: string): string {
    return `${this.keyPrefix}:${id}`;
  }

  // Seconds until `expires_at`, rounded up, at least 1 (API.md 9.1).
  private ttlFor(session: Session): number {
    const expiresAt = Date.parse(session.expires_at);
    if (Number.isNaN(expiresAt)) {
      return this.ttlSeconds;
    }
    return Math.max(1, Math.ceil((expiresAt - this.clock.now()) / 1000));
  }
}
