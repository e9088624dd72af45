import type { CorrelationKey } from '../invocation-store.port.js';
import { formEncode } from './form-encode.js';

/**
 * The key layout of API.md 9.2 under one prefix, kept in one place so the record, its blobs, the
 * running index, the heartbeats and the correlation index never disagree on a name.
 */
export class ValkeyInvocationKeys {
  constructor(private readonly prefix: string) {}

  record(id: string): string {
    return `${this.prefix}:${id}`;
  }

  blobs(invocationId: string): string {
    return `${this.prefix}:inline:${invocationId}`;
  }

  get runningIndex(): string {
    return `${this.prefix}:running`;
  }

  heartbeat(replicaId: string): string {
    return `${this.prefix}:replica:${formEncode(replicaId)}`;
  }

  correlation(key: CorrelationKey): string {
    const parts = [key.sessionId, key.toolName, key.correlationId].map(formEncode);
    return [this.prefix, 'corr', ...parts].join(':');
  }
}
