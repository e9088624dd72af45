import { hostname } from 'node:os';
import type { Invocation } from '#app/contracts';
import {
  type CorrelationKey,
  type InlineBlob,
  InvocationStore,
  type LostInvocation,
  REPLICA_HEARTBEAT_TTL_MS,
  type RunningFacts,
} from '../invocation-store.port.js';
import type { InvocationEvents, NewInvocationEvent } from '../invocation-events.port.js';
import {
  FINISH_LOST,
  SAVE_FINAL,
  SAVE_FINAL_WITH_EVENTS,
  SAVE_RUNNING,
} from './valkey-invocation-store.scripts.js';
import { EVENTS_STREAM_MAX_LEN, ValkeyInvocationEvents } from './valkey-invocation-events.js';
import type { ValkeyConnection } from './valkey-connection.js';
import { ValkeyCorrelationIndex } from './valkey-correlation-index.js';
import { valkeyCall } from './valkey-errors.js';
import { ValkeyInvocationKeys } from './valkey-invocation-keys.js';
import {
  type InvocationEnvelope,
  lostFrom,
  refuseSecondEnding,
  type StoredInvocation,
} from './valkey-invocation-record.js';

/**
 * API.md 9.2: envelope at `<prefix>:<invocation id>`, correlation index at
 * `<prefix>:corr:<enc session>:<enc tool>:<enc correlation>`, small blobs in the hash
 * `<prefix>:inline:<invocation id>` (written only by the terminal save, in its script), all expiring
 * `ttlSeconds` after their write (0 = never). Reads return `logs: []` and no `output`;
 * `InvocationHydrator` restores both from the blobs or the artifacts.
 */
export class ValkeyInvocationStore extends InvocationStore {
  private readonly keys: ValkeyInvocationKeys;
  private readonly correlations: ValkeyCorrelationIndex;

  constructor(
    private readonly connection: ValkeyConnection,
    keyPrefix: string,
    private readonly ttlSeconds: number,
    /** Named by the running records this replica saves (`WORKSPACE_REPLICA_ID`). */
    private readonly replicaId: string = `${hostname()}-${process.pid}`,
  ) {
    super();
    this.keys = new ValkeyInvocationKeys(keyPrefix);
    this.correlations = new ValkeyCorrelationIndex(connection, this.keys, ttlSeconds);
  }

  // A running record names this replica and is indexed in `<prefix>:running` (id → replica), so a
  // sweep finds running records without scanning; the terminal save takes it out of the index.
  // Each save is one round trip: one script each.
  async save(invocation: Invocation, facts?: RunningFacts): Promise<void> {
    if (invocation.status !== 'running') {
      return this.saveTerminal(invocation, []);
    }
    const { output: _output, logs: _logs, ...envelope } = invocation;
    const stored: StoredInvocation = {
      ...envelope,
      replica_id: this.replicaId,
      ...(facts ? { running_facts: facts } : {}),
    };
    await valkeyCall(() =>
      SAVE_RUNNING.run(
        this.client,
        this.keys.record(invocation.id),
        this.keys.runningIndex,
        JSON.stringify(stored),
        String(this.ttlSeconds),
        invocation.id,
        this.replicaId,
      ),
    );
  }

  // The terminal save, its blobs and the last events in one script (one round trip instead of
  // three) when the events live on this connection; blobs and events go in only if the save is.
  override async saveFinal(
    final: Invocation,
    events: InvocationEvents,
    trailing: readonly NewInvocationEvent[],
    blobs: readonly InlineBlob[] = [],
  ): Promise<boolean> {
    if (
      trailing.length === 0 ||
      !(events instanceof ValkeyInvocationEvents) ||
      !events.writesThrough(this.connection)
    ) {
      return super.saveFinal(final, events, trailing, blobs);
    }
    const pairs = trailing.flatMap((event) => [event.event, JSON.stringify(event.data)]);
    const reply = await valkeyCall(() =>
      SAVE_FINAL_WITH_EVENTS.run(
        this.client,
        this.keys.record(final.id),
        this.keys.runningIndex,
        this.keys.blobs(final.id),
        events.streamKey(final.id),
        ...this.terminalArgs(final, blobs),
        events.notifyChannel,
        String(EVENTS_STREAM_MAX_LEN),
        ...pairs,
      ),
    );
    refuseSecondEnding(reply);
    return reply === 1;
  }

  async saveTerminal(final: Invocation, blobs: readonly InlineBlob[]): Promise<void> {
    const reply = await valkeyCall(() =>
      SAVE_FINAL.run(
        this.client,
        this.keys.record(final.id),
        this.keys.runningIndex,
        this.keys.blobs(final.id),
        ...this.terminalArgs(final, blobs),
      ),
    );
    refuseSecondEnding(reply);
  }

  async getBlob(invocationId: string, blobId: string): Promise<Buffer | null> {
    return valkeyCall(() => this.client.hgetBuffer(this.keys.blobs(invocationId), blobId));
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
    const index = await valkeyCall(() => this.client.hgetall(this.keys.runningIndex));
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
        await valkeyCall(() => this.client.hdel(this.keys.runningIndex, id));
      }
    }
    return lost;
  }

  async listOrphaned(): Promise<LostInvocation[]> {
    const index = await valkeyCall(() => this.client.hgetall(this.keys.runningIndex));
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
      FINISH_LOST.run(
        this.client,
        this.keys.record(final.id),
        this.keys.runningIndex,
        this.keys.heartbeat(lost.replicaId),
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
        this.keys.heartbeat(this.replicaId),
        new Date().toISOString(),
        'PX',
        REPLICA_HEARTBEAT_TTL_MS,
      ),
    );
  }

  async retire(): Promise<void> {
    await valkeyCall(() => this.client.del(this.keys.heartbeat(this.replicaId)));
  }

  async delete(id: string): Promise<void> {
    const record = await this.get(id);
    await valkeyCall(async () => {
      if (record?.correlation_id) {
        const key = {
          sessionId: record.session_id,
          toolName: record.tool_name,
          correlationId: record.correlation_id,
        };
        await this.correlations.release(key, id);
      }
      await this.client.del(this.keys.record(id), this.keys.blobs(id));
      await this.client.hdel(this.keys.runningIndex, id);
    });
  }

  async claimCorrelation(key: CorrelationKey, invocationId: string): Promise<string | null> {
    return this.correlations.claim(key, invocationId);
  }

  async findByCorrelation(key: CorrelationKey): Promise<string | null> {
    return this.correlations.find(key);
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

  // SAVE_FINAL's ARGV: envelope, TTL, id, blob count, then each blob's id and bytes (sent as the
  // Buffer itself, no copy).
  private terminalArgs(final: Invocation, blobs: readonly InlineBlob[]): Array<string | Buffer> {
    const { output: _output, logs: _logs, ...envelope } = final;
    return [
      JSON.stringify(envelope satisfies InvocationEnvelope),
      String(this.ttlSeconds),
      final.id,
      String(blobs.length),
      ...blobs.flatMap((blob) => [blob.id, blob.data]),
    ];
  }

  private async getStored(id: string): Promise<StoredInvocation | null> {
    const value = await valkeyCall(() => this.client.get(this.keys.record(id)));
    return value === null ? null : (JSON.parse(value) as StoredInvocation);
  }

  // This replica is alive by definition while it runs, even if a stall let its key lapse.
  private async aliveReplicas(replicaIds: string[]): Promise<Set<string>> {
    const alive = new Set<string>([this.replicaId]);
    for (const replicaId of replicaIds) {
      if (!alive.has(replicaId)) {
        const beats = await valkeyCall(() => this.client.exists(this.keys.heartbeat(replicaId)));
        if (beats > 0) {
          alive.add(replicaId);
        }
      }
    }
    return alive;
  }
}
