import { laterActivity, lastActivityOf, type Session } from '#app/contracts';
import { AppException } from '#app/errors';
import type { Clock } from '../clock.js';
import { SessionStore } from '../session-store.port.js';
import type { ValkeyConnection } from './valkey-connection.js';
import { valkeyCall } from './valkey-errors.js';
import { countKeys } from './valkey-scan.js';
import { ValkeyScript } from './valkey-script.js';

// KEYS: session key, principal index (sorted set: session id → expiry in ms). ARGV: record, TTL
// seconds (0 = none), now in ms, limit (0 = none), session id, expiry in ms. Expired members are
// dropped first; the count, the set-if-absent and the index insert happen in one script.
const CLAIM_WITHIN_LIMIT = new ValkeyScript(
  `
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[3])
local limit = tonumber(ARGV[4])
if limit > 0 and redis.call('ZCARD', KEYS[2]) >= limit then return 'limit' end
local ok
if tonumber(ARGV[2]) > 0 then
  ok = redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2], 'NX')
else
  ok = redis.call('SET', KEYS[1], ARGV[1], 'NX')
end
if not ok then return 'exists' end
redis.call('ZADD', KEYS[2], ARGV[6], ARGV[5])
local ttl = tonumber(ARGV[2]) * 1000
if ttl > 0 and redis.call('PTTL', KEYS[2]) < ttl then redis.call('PEXPIRE', KEYS[2], ttl) end
return 'claimed'
`,
  2,
);

// KEYS: session key, principal index. ARGV: record, TTL seconds (0 = none), session id, expiry in
// ms, the value the record was computed from. Overwrites only that exact value (compare-and-set:
// -1 when another write came first, 0 when the key is gone); the key TTL and the index score move
// to the new expiry.
const REPLACE = new ValkeyScript(
  `
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
if current ~= ARGV[5] then return -1 end
if tonumber(ARGV[2]) > 0 then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
else
  redis.call('SET', KEYS[1], ARGV[1])
end
redis.call('ZADD', KEYS[2], 'XX', ARGV[4], ARGV[3])
local ttl = tonumber(ARGV[2]) * 1000
if ttl > 0 and redis.call('PTTL', KEYS[2]) < ttl then redis.call('PEXPIRE', KEYS[2], ttl) end
return 1
`,
  2,
);

// KEYS: session key. ARGV: the value the record was computed from, the new value. Compare-and-set
// keeping the key's TTL: 1 written, -1 another write came first, 0 the key is gone. The JSON is
// rewritten by the service, not in Lua: the server's cjson would turn an empty array into {}.
const TOUCH = new ValkeyScript(
  `
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
if current ~= ARGV[1] then return -1 end
redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
return 1
`,
  1,
);

// KEYS: session key, principal index. ARGV: the value the decision was made on, session id.
// Compare-and-delete: 1 removed (with its index member), -1 another write came first, 0 gone.
const DELETE_IF_UNCHANGED = new ValkeyScript(
  `
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
if current ~= ARGV[1] then return -1 end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[2])
return 1
`,
  2,
);

/** Compare-and-set rounds before a write that keeps losing to concurrent writes gives up. */
const MAX_CAS_ATTEMPTS = 16;

/**
 * API.md 9.1: key `<prefix>:<session id>` holding the Session JSON, expiring when the session does.
 * A renew ({@link replace}) rewrites the record and moves the key TTL to the new `expires_at`.
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

  async claimWithinLimit(session: Session, limit: number): Promise<'claimed' | 'exists' | 'limit'> {
    const ttl = this.ttlFor(session);
    const expiresAt = Date.parse(session.expires_at);
    const reply = await valkeyCall(() =>
      CLAIM_WITHIN_LIMIT.run(
        this.client,
        this.key(session.id),
        this.principalKey(session.principal.tenant_id, session.principal.actor_id),
        JSON.stringify(session),
        String(ttl),
        String(this.clock.now()),
        String(limit),
        session.id,
        String(Number.isFinite(expiresAt) ? expiresAt : '+inf'),
      ),
    );
    return reply as 'claimed' | 'exists' | 'limit';
  }

  async countByPrincipal(tenantId: string, actorId: string): Promise<number> {
    const key = this.principalKey(tenantId, actorId);
    return valkeyCall(() => this.client.zcount(key, `(${this.clock.now()}`, '+inf'));
  }

  async get(id: string): Promise<Session | null> {
    const value = await valkeyCall(() => this.client.get(this.key(id)));
    return value === null ? null : (JSON.parse(value) as Session);
  }

  async replace(session: Session): Promise<boolean> {
    const expiresAt = Date.parse(session.expires_at);
    return this.compareAndSet(session.id, (stored) => {
      const lastActivity = laterActivity(stored, session);
      const next =
        lastActivity === undefined ? session : { ...session, last_activity_at: lastActivity };
      return (raw) =>
        REPLACE.run(
          this.client,
          this.key(session.id),
          this.principalKey(session.principal.tenant_id, session.principal.actor_id),
          JSON.stringify(next),
          String(this.ttlFor(next)),
          session.id,
          String(Number.isFinite(expiresAt) ? expiresAt : '+inf'),
          raw,
        );
    });
  }

  async touch(id: string, at: string): Promise<boolean> {
    return this.compareAndSet(id, (stored) => {
      if (Date.parse(stored.expires_at) <= this.clock.now()) {
        return false;
      }
      if (Date.parse(at) <= Date.parse(lastActivityOf(stored))) {
        return true;
      }
      const next = JSON.stringify({ ...stored, last_activity_at: at });
      return (raw) => TOUCH.run(this.client, this.key(id), raw, next);
    });
  }

  /**
   * Read, compute, write only if the value is still the one read; again when another write came
   * first. \`plan\` answers at once (a boolean) or gives the script call for the value read.
   */
  private async compareAndSet(
    id: string,
    plan: (stored: Session) => boolean | ((raw: string) => Promise<unknown>),
  ): Promise<boolean> {
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      const raw = await valkeyCall(() => this.client.get(this.key(id)));
      if (raw === null) {
        return false;
      }
      const write = plan(JSON.parse(raw) as Session);
      if (typeof write === 'boolean') {
        return write;
      }
      const reply = await valkeyCall(() => write(raw));
      if (reply !== -1) {
        return reply === 1;
      }
    }
    throw new AppException('unavailable', 'session store busy: too many concurrent writes');
  }

  async delete(id: string): Promise<boolean> {
    const record = await this.get(id);
    if (record !== null) {
      const index = this.principalKey(record.principal.tenant_id, record.principal.actor_id);
      await valkeyCall(() => this.client.zrem(index, id));
    }
    return (await valkeyCall(() => this.client.del(this.key(id)))) > 0;
  }

  async deleteIfIdle(id: string, cutoff: string): Promise<boolean> {
    return this.compareAndSet(id, (stored) => {
      if (Date.parse(lastActivityOf(stored)) > Date.parse(cutoff)) {
        return false;
      }
      const index = this.principalKey(stored.principal.tenant_id, stored.principal.actor_id);
      return (raw) => DELETE_IF_UNCHANGED.run(this.client, this.key(id), index, raw, id);
    });
  }

  // Outside `<prefix>:*`, so `count()` and scans of session keys never see it.
  private principalKey(tenantId: string, actorId: string): string {
    return `${this.keyPrefix}-by-principal:${JSON.stringify([tenantId, actorId])}`;
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
