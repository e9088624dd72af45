import type { Invocation } from '#app/contracts';
import {
  InvocationFinishedElsewhereError,
  type LostInvocation,
  type RunningFacts,
} from '../invocation-store.port.js';

/** The stored form (API.md 9.2): output and logs live in artifacts, linked by `output_ref`/`logs_ref`. */
export type InvocationEnvelope = Omit<Invocation, 'output' | 'logs'>;

/** Server-internal members of a running envelope (docs/STORES.md); `get` never returns them. */
export interface RunningMembers {
  replica_id?: string;
  running_facts?: RunningFacts;
}

export type StoredInvocation = InvocationEnvelope & RunningMembers;

export function lostFrom(stored: StoredInvocation, replicaId: string): LostInvocation {
  const { replica_id: _replica, running_facts: facts, ...envelope } = stored;
  return { record: { ...envelope, logs: [] }, replicaId, facts: facts ?? null };
}

// A terminal save's script answers with the stored record when another replica ended it first.
export function refuseSecondEnding(reply: unknown): void {
  if (typeof reply === 'string') {
    const {
      replica_id: _replica,
      running_facts: _facts,
      ...current
    } = JSON.parse(reply) as StoredInvocation;
    throw new InvocationFinishedElsewhereError({ ...current, logs: [] });
  }
}
