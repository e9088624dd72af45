import type { Invocation } from '#app/contracts';
import type { Clock } from '../clock.js';
import { cloneRecord } from './clone-record.js';
import {
  type CorrelationKey,
  InvocationStore,
  type LostInvocation,
} from '../invocation-store.port.js';

interface StoredBlobs {
  savedAt: number;
  entries: Map<string, Buffer>;
}

interface StoredInvocation {
  record: Invocation;
  savedAt: number;
  correlationKey?: string;
}

/**
 * Full records in process memory, evicted `ttlSeconds` after their last save (0 = never), with
 * their blobs. One process holds every record it runs, so none is ever lost to another replica:
 * no heartbeat.
 */
export class MemoryInvocationStore extends InvocationStore {
  private readonly records = new Map<string, StoredInvocation>();
  private readonly correlations = new Map<string, string>();
  // Beside the records rather than in them: a blob may be written before the record's final save.
  private readonly blobs = new Map<string, StoredBlobs>();

  async check(): Promise<string | null> {
    return null;
  }

  constructor(
    private readonly clock: Clock,
    private readonly ttlSeconds: number,
  ) {
    super();
  }

  async save(invocation: Invocation): Promise<void> {
    const previous = this.records.get(invocation.id);
    this.records.set(invocation.id, {
      record: cloneRecord(invocation),
      savedAt: this.clock.now(),
      correlationKey: previous?.correlationKey,
    });
    const blobs = this.blobs.get(invocation.id);
    if (blobs) {
      blobs.savedAt = this.clock.now(); // every save resets the blobs' TTL with the record's
    }
  }

  async putBlob(invocationId: string, blobId: string, data: Buffer): Promise<void> {
    const blobs = this.blobs.get(invocationId) ?? { savedAt: 0, entries: new Map() };
    blobs.savedAt = this.clock.now();
    blobs.entries.set(blobId, Buffer.from(data));
    this.blobs.set(invocationId, blobs);
  }

  async getBlob(invocationId: string, blobId: string): Promise<Buffer | null> {
    const blobs = this.blobs.get(invocationId);
    if (!blobs) {
      return null;
    }
    if (this.isExpired(blobs)) {
      this.blobs.delete(invocationId);
      return null;
    }
    const data = blobs.entries.get(blobId);
    return data === undefined ? null : Buffer.from(data);
  }

  async get(id: string): Promise<Invocation | null> {
    const stored = this.records.get(id);
    if (!stored) {
      return null;
    }
    if (this.isExpired(stored)) {
      this.drop(id, stored);
      return null;
    }
    return cloneRecord(stored.record);
  }

  async delete(id: string): Promise<void> {
    const stored = this.records.get(id);
    if (stored) {
      this.drop(id, stored);
    }
    this.blobs.delete(id);
  }

  async claimCorrelation(key: CorrelationKey, invocationId: string): Promise<string | null> {
    const indexKey = correlationIndexKey(key);
    const owner = this.correlations.get(indexKey);
    // Checked without awaiting: two claims racing for a key whose owner expired must not both win.
    if (owner !== undefined && this.isLive(owner)) {
      return owner;
    }
    this.correlations.set(indexKey, invocationId);
    const stored = this.records.get(invocationId);
    if (stored) {
      stored.correlationKey = indexKey;
    }
    return null;
  }

  async findByCorrelation(key: CorrelationKey): Promise<string | null> {
    const owner = this.correlations.get(correlationIndexKey(key));
    if (owner === undefined) {
      return null;
    }
    return (await this.get(owner)) ? owner : null;
  }

  async findLost(_id: string): Promise<LostInvocation | null> {
    return null;
  }

  async listLost(): Promise<LostInvocation[]> {
    return [];
  }

  async listOrphaned(): Promise<LostInvocation[]> {
    return [];
  }

  // Same contract as Valkey: only a record that is still running is replaced.
  async finishLost(lost: LostInvocation, final: Invocation): Promise<boolean> {
    const stored = this.records.get(lost.record.id);
    if (!stored || stored.record.status !== 'running') {
      return false;
    }
    await this.save(final);
    return true;
  }

  async heartbeat(): Promise<void> {}

  async retire(): Promise<void> {}

  async evictExpired(): Promise<number> {
    let evicted = 0;
    for (const [id, stored] of this.records) {
      if (this.isExpired(stored)) {
        this.drop(id, stored);
        evicted += 1;
      }
    }
    for (const [id, blobs] of this.blobs) {
      if (this.isExpired(blobs)) {
        this.blobs.delete(id);
      }
    }
    return evicted;
  }

  private isLive(id: string): boolean {
    const stored = this.records.get(id);
    if (stored && this.isExpired(stored)) {
      this.drop(id, stored);
      return false;
    }
    return stored !== undefined;
  }

  private isExpired(stored: { savedAt: number }): boolean {
    return this.ttlSeconds > 0 && this.clock.now() - stored.savedAt >= this.ttlSeconds * 1000;
  }

  // The correlation entry is evicted with its record (API.md 9.2).
  private drop(id: string, stored: StoredInvocation): void {
    this.records.delete(id);
    this.blobs.delete(id);
    if (stored.correlationKey && this.correlations.get(stored.correlationKey) === id) {
      this.correlations.delete(stored.correlationKey);
    }
  }
}

function correlationIndexKey(key: CorrelationKey): string {
  return JSON.stringify([key.sessionId, key.toolName, key.correlationId]);
}
