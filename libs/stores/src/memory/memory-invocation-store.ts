import { plainCopy, type Invocation } from '#app/contracts';
import type { Clock } from '../clock.js';
import {
  type CorrelationKey,
  type InlineBlob,
  InvocationFinishedElsewhereError,
  InvocationStore,
  type LostInvocation,
} from '../invocation-store.port.js';

interface StoredInvocation {
  record: Invocation;
  savedAt: number;
  correlationKey?: string;
  // In the record's entry: written by its terminal save, expired and dropped with it. Held as
  // latin1 text (see `keptBytes`), handed out as new buffers.
  blobs?: ReadonlyMap<string, string>;
}

/**
 * Full records in process memory, evicted `ttlSeconds` after their last save (0 = never), with
 * the blobs their terminal save brought. One process holds every record it runs, so none is ever lost to another replica:
 * no heartbeat.
 */
export class MemoryInvocationStore extends InvocationStore {
  private readonly records = new Map<string, StoredInvocation>();
  private readonly correlations = new Map<string, string>();

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
    if (invocation.status !== 'running') {
      return this.saveTerminal(invocation, []);
    }
    const previous = this.records.get(invocation.id);
    this.records.set(invocation.id, {
      record: plainCopy(invocation),
      savedAt: this.clock.now(),
      correlationKey: previous?.correlationKey,
    });
  }

  // One synchronous step (no await between the check and the writes), so the record and its blobs
  // are written together or, over a record already terminal, not at all.
  async saveTerminal(final: Invocation, blobs: readonly InlineBlob[]): Promise<void> {
    const previous = this.records.get(final.id);
    if (previous && previous.record.status !== 'running' && !this.isExpired(previous)) {
      throw new InvocationFinishedElsewhereError(plainCopy(previous.record));
    }
    this.records.set(final.id, {
      record: plainCopy(final),
      savedAt: this.clock.now(),
      correlationKey: previous?.correlationKey,
      ...(blobs.length > 0
        ? { blobs: new Map(blobs.map((blob) => [blob.id, keptBytes(blob.data)] as const)) }
        : {}),
    });
  }

  async getBlob(invocationId: string, blobId: string): Promise<Buffer | null> {
    const stored = this.records.get(invocationId);
    if (!stored) {
      return null;
    }
    if (this.isExpired(stored)) {
      this.drop(invocationId, stored);
      return null;
    }
    const data = stored.blobs?.get(blobId);
    return data === undefined ? null : Buffer.from(data, 'latin1');
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
    return plainCopy(stored.record);
  }

  async delete(id: string): Promise<void> {
    const stored = this.records.get(id);
    if (stored) {
      this.drop(id, stored);
    }
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
    this.records.set(final.id, {
      ...stored,
      record: plainCopy(final),
      savedAt: this.clock.now(),
    });
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
    if (stored.correlationKey && this.correlations.get(stored.correlationKey) === id) {
      this.correlations.delete(stored.correlationKey);
    }
  }
}

/**
 * The bytes of a blob as a one-byte string (latin1 maps every byte to one character and back, so
 * nothing is lost). Not the caller's buffer: a small buffer is usually a view of an 8 KiB slab of
 * Node's shared pool, and keeping the view for the record's lifetime (a day by default) kept the
 * whole slab, ~7 KiB per retained invocation (docs/PERFORMANCE.md, round 5). A string lives in the
 * JS heap at its own size and is independent of the caller's buffer.
 */
function keptBytes(data: Buffer): string {
  return data.toString('latin1');
}

function correlationIndexKey(key: CorrelationKey): string {
  return JSON.stringify([key.sessionId, key.toolName, key.correlationId]);
}
