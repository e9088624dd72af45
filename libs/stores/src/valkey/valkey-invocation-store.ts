import { hostname } from 'node:os';
import type { Invocation } from '#app/contracts';
import {
  type CorrelationKey,
  InvocationFinishedElsewhereError,
  InvocationStore,
  type LostInvocation,
  REPLICA_HEARTBEAT_TTL_MS,
  type RunningFacts,
} from '../invocation-store.port.js';
import { formEncode } from './form-encode.js';
import type { InvocationEvents, NewInvocationEvent } from '../invocation-events.port.js';
import {
  FINISH_LOST,
  SAVE_FINAL,
  SAVE_FINAL_WITH_EVENTS,
} from './valkey-invocation-store.scripts.js';
import { EVENTS_STREAM_MAX_LEN, ValkeyInvocationEvents } from './valkey-invocation-events.js';
import type { ValkeyConnection } from './valkey-connection.js';
import { valkeyCall } from './valkey-errors.js';

/** The stored form (API.md 9.2): output and logs live in artifacts, linked by `output_ref`/`logs_ref`. */
type InvocationEnvelope = Omit<Invocation, 'output' | 'logs'>;

/** Server-internal members of a running envelope (docs/STORES.md); `get` never returns them. */
interface RunningMembers {
  replica_id?: string;
  running_facts?: RunningFacts;
}

// Deletes the correlation entry only while it still points at the record being deleted.
const DELETE_IF_OWNER = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1`;

// Replaces an entry whose owner record is gone; refuses when the owner changed meanwhile.
const REPLACE_IF_OWNER = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if tonumber(ARGV[3]) > 0 then redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
else redis.call('SET', KEYS[1], ARGV[2]) end
return 1`;

// One hash per invocation (field = blob id), given the record's TTL with every write.
const PUT_BLOB = `
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if tonumber(ARGV[3]) > 0 then redis.call('EXPIRE', KEYS[1], ARGV[3]) end
return 1`;

const CLAIM_ATTEMPTS = 3;

/**
 * API.md 9.2: envelope at `<prefix>:<invocation id>`, correlation index at
 * `<prefix>:corr:<enc session>:<enc tool>:<enc correlation>`, small blobs in the hash
 * `<prefix>:inline:<invocation id>`, all expiring `ttlSeconds` after their write (0 = never); a
 * record's save resets its blobs' TTL too. Reads return `logs: []` and no `output`;
 * `InvocationHydrator` restores both from the blobs or the artifacts.
 */
export class ValkeyInvocationStore extends InvocationStore {
  constructor(
    private readonly connection: ValkeyConnection,
    private readonly keyPrefix: string,
    private readonly ttlSeconds: number,
    /** Named by the running records this replica saves (`WORKSPACE_REPLICA_ID`). */
    private readonly replicaId: string = `${hostname()}-${process.pid}`,
  ) {
    super();
  }

  // A running record names this replica and is indexed in `<prefix>:running` (id → replica), so a
  // sweep finds running records without scanning; the terminal save takes it out of the index.
  // Each save is one round trip: the running one a MULTI of both writes, the terminal one a script.
  async save(invocation: Invocation, facts?: RunningFacts): Promise<void> {
    const { output: _output, logs: _logs, ...envelope } = invocation;
    if (invocation.status !== 'running') {
      // Blobs are written between the running and the final save, and only a record with a ref can
      // have any: the final save gives them the envelope's fresh TTL, inside the same script.
      await this.saveTerminal(envelope, Boolean(invocation.output_ref || invocation.logs_ref));
      return;
    }
    const stored: InvocationEnvelope & RunningMembers = {
      ...envelope,
      replica_id: this.replicaId,
      ...(facts ? { running_facts: facts } : {}),
    };
    const key = this.recordKey(invocation.id);
    const value = JSON.stringify(stored);
    await valkeyCall(async () => {
      const transaction = this.client.multi();
      if (this.ttlSeconds > 0) {
        transaction.set(key, value, 'EX', this.ttlSeconds);
      } else {
        transaction.set(key, value);
      }
      transaction.hset(this.runningIndexKey, invocation.id, this.replicaId);
      throwFirstFailure(await transaction.exec());
    });
  }

  // The terminal save and the last events in one script (one round trip instead of two) when the
  // events live on this connection; the events go in only if the save is accepted.
  override async saveFinal(
    final: Invocation,
    events: InvocationEvents,
    trailing: readonly NewInvocationEvent[],
  ): Promise<boolean> {
    if (
      trailing.length === 0 ||
      !(events instanceof ValkeyInvocationEvents) ||
      !events.writesThrough(this.connection)
    ) {
      return super.saveFinal(final, events, trailing);
    }
    const { output: _output, logs: _logs, ...envelope } = final;
    const pairs = trailing.flatMap((event) => [event.event, JSON.stringify(event.data)]);
    const reply = await valkeyCall(() =>
      this.client.eval(
        SAVE_FINAL_WITH_EVENTS,
        4,
        this.recordKey(final.id),
        this.runningIndexKey,
        this.blobsKey(final.id),
        events.streamKey(final.id),
        JSON.stringify(envelope satisfies InvocationEnvelope),
        String(this.ttlSeconds),
        final.id,
        final.output_ref || final.logs_ref ? '1' : '0',
        events.notifyChannel,
        String(EVENTS_STREAM_MAX_LEN),
        ...pairs,
      ),
    );
    this.refuseSecondEnding(reply);
    return reply === 1;
  }

  async putBlob(invocationId: string, blobId: string, data: Buffer): Promise<void> {
    await valkeyCall(() =>
      this.client.eval(
        PUT_BLOB,
        1,
        this.blobsKey(invocationId),
        blobId,
        data,
        String(this.ttlSeconds),
      ),
    );
  }

  async getBlob(invocationId: string, blobId: string): Promise<Buffer | null> {
    return valkeyCall(() => this.client.hgetBuffer(this.blobsKey(invocationId), blobId));
  }

  async get(id: string): Promise<Invocation | null> {
    const stored = await this.getStored(id);
    if (stored === null) {
      return null;
    }
    const { replica_id: _replica, running_facts: _facts, ...envelope } = stored;
    return { ...envelope, logs: [] };
  }

  async findLost(id: string): Promise<LostInvocation | null> {
    const stored = await this.getStored(id);
    if (stored?.status !== 'running' || !stored.replica_id) {
      return null;
    }
    const alive = await this.aliveReplicas([stored.replica_id]);
    return alive.has(stored.replica_id) ? null : lostFrom(stored, stored.replica_id);
  }

  // The index holds one entry per invocation running anywhere (bounded by the concurrency limits),
  // so one HGETALL per sweep is cheap; entries whose record is gone or terminal are dropped.
  async listLost(): Promise<LostInvocation[]> {
    const index = await valkeyCall(() => this.client.hgetall(this.runningIndexKey));
    const alive = await this.aliveReplicas([...new Set(Object.values(index))]);
    const lost: LostInvocation[] = [];
    for (const [id, replicaId] of Object.entries(index)) {
      if (alive.has(replicaId)) {
        continue;
      }
      const stored = await this.getStored(id);
      if (stored?.status === 'running' && stored.replica_id === replicaId) {
        lost.push(lostFrom(stored, replicaId));
      } else if (stored === null || stored.status !== 'running') {
        await valkeyCall(() => this.client.hdel(this.runningIndexKey, id));
      }
    }
    return lost;
  }

  async listOrphaned(): Promise<LostInvocation[]> {
    const index = await valkeyCall(() => this.client.hgetall(this.runningIndexKey));
    const orphaned: LostInvocation[] = [];
    for (const [id, replicaId] of Object.entries(index)) {
      const stored = replicaId === this.replicaId ? await this.getStored(id) : null;
      if (stored?.status === 'running' && stored.replica_id === this.replicaId) {
        orphaned.push(lostFrom(stored, this.replicaId));
      }
    }
    return orphaned;
  }

  async finishLost(lost: LostInvocation, final: Invocation): Promise<boolean> {
    const { output: _output, logs: _logs, ...envelope } = final;
    const finished = await valkeyCall(() =>
      this.client.eval(
        FINISH_LOST,
        3,
        this.recordKey(final.id),
        this.runningIndexKey,
        this.heartbeatKey(lost.replicaId),
        lost.replicaId,
        JSON.stringify(envelope satisfies InvocationEnvelope),
        String(this.ttlSeconds),
        final.id,
      ),
    );
    return finished === 1;
  }

  async heartbeat(): Promise<void> {
    await valkeyCall(() =>
      this.client.set(
        this.heartbeatKey(this.replicaId),
        new Date().toISOString(),
        'PX',
        REPLICA_HEARTBEAT_TTL_MS,
      ),
    );
  }

  async retire(): Promise<void> {
    await valkeyCall(() => this.client.del(this.heartbeatKey(this.replicaId)));
  }

  async delete(id: string): Promise<void> {
    const record = await this.get(id);
    await valkeyCall(async () => {
      if (record?.correlation_id) {
        const key = this.correlationKey({
          sessionId: record.session_id,
          toolName: record.tool_name,
          correlationId: record.correlation_id,
        });
        await this.client.eval(DELETE_IF_OWNER, 1, key, id);
      }
      await this.client.del(this.recordKey(id), this.blobsKey(id));
      await this.client.hdel(this.runningIndexKey, id);
    });
  }

  async claimCorrelation(key: CorrelationKey, invocationId: string): Promise<string | null> {
    const indexKey = this.correlationKey(key);
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
      if (await this.exists(owner)) {
        return owner;
      }
      // The owner's record is gone (deleted or expired first): the entry is stale, as in memory.
      const replaced = await valkeyCall(() =>
        this.client.eval(
          REPLACE_IF_OWNER,
          1,
          indexKey,
          owner,
          invocationId,
          String(this.ttlSeconds),
        ),
      );
      if (replaced === 1) {
        return null;
      }
    }
    throw new Error('correlation claim did not settle');
  }

  async findByCorrelation(key: CorrelationKey): Promise<string | null> {
    const owner = await valkeyCall(() => this.client.get(this.correlationKey(key)));
    return owner !== null && (await this.exists(owner)) ? owner : null;
  }

  // Valkey expires records and correlation entries by their TTL.
  async evictExpired(): Promise<number> {
    return 0;
  }

  async check(): Promise<string | null> {
    return this.connection.check();
  }

  private get client(): ValkeyConnection['client'] {
    return this.connection.client;
  }

  private async saveTerminal(envelope: InvocationEnvelope, hasBlobs: boolean): Promise<void> {
    const reply = await valkeyCall(() =>
      this.client.eval(
        SAVE_FINAL,
        3,
        this.recordKey(envelope.id),
        this.runningIndexKey,
        this.blobsKey(envelope.id),
        JSON.stringify(envelope),
        String(this.ttlSeconds),
        envelope.id,
        hasBlobs ? '1' : '0',
      ),
    );
    this.refuseSecondEnding(reply);
  }

  // A terminal save's script answers with the stored record when another replica ended it first.
  private refuseSecondEnding(reply: unknown): void {
    if (typeof reply === 'string') {
      const {
        replica_id: _replica,
        running_facts: _facts,
        ...current
      } = JSON.parse(reply) as InvocationEnvelope & RunningMembers;
      throw new InvocationFinishedElsewhereError({ ...current, logs: [] });
    }
  }

  private async getStored(id: string): Promise<(InvocationEnvelope & RunningMembers) | null> {
    const value = await valkeyCall(() => this.client.get(this.recordKey(id)));
    return value === null ? null : (JSON.parse(value) as InvocationEnvelope & RunningMembers);
  }

  // This replica is alive by definition while it runs, even if a stall let its key lapse.
  private async aliveReplicas(replicaIds: string[]): Promise<Set<string>> {
    const alive = new Set<string>([this.replicaId]);
    for (const replicaId of replicaIds) {
      if (!alive.has(replicaId)) {
        const beats = await valkeyCall(() => this.client.exists(this.heartbeatKey(replicaId)));
        if (beats > 0) {
          alive.add(replicaId);
        }
      }
    }
    return alive;
  }

  private async exists(id: string): Promise<boolean> {
    return (await valkeyCall(() => this.client.exists(this.recordKey(id)))) > 0;
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

  private recordKey(id: string): string {
    return `${this.keyPrefix}:${id}`;
  }

  private blobsKey(invocationId: string): string {
    return `${this.keyPrefix}:inline:${invocationId}`;
  }

  private get runningIndexKey(): string {
    return `${this.keyPrefix}:running`;
  }

  private heartbeatKey(replicaId: string): string {
    return `${this.keyPrefix}:replica:${formEncode(replicaId)}`;
  }

  private correlationKey(key: CorrelationKey): string {
    const parts = [key.sessionId, key.toolName, key.correlationId].map(formEncode);
    return [this.keyPrefix, 'corr', ...parts].join(':');
  }
}

/** A MULTI's replies carry per-command errors instead of rejecting: the first one is the failure. */
function throwFirstFailure(results: Array<[Error | null, unknown]> | null): void {
  const failure = results?.find(([error]) => error !== null)?.[0];
  if (failure) {
    throw failure;
  }
  if (results === null) {
    throw new Error('transaction aborted');
  }
}

function lostFrom(stored: InvocationEnvelope & RunningMembers, replicaId: string): LostInvocation {
  const { replica_id: _replica, running_facts: facts, ...envelope } = stored;
  return { record: { ...envelope, logs: [] }, replicaId, facts: facts ?? null };
}
