import type { Principal } from '#app/contracts';
import { AppException } from '#app/errors';

type PrincipalKey = Pick<Principal, 'tenant_id' | 'actor_id'>;

/**
 * `WORKSPACE_MAX_SESSIONS_PER_PRINCIPAL` (CONFIG.md 2.2): live sessions of one tenant+actor in the
 * store plus the creates this replica has in flight for it. Admission is serialised per principal
 * on this replica (count and slot taken together), so concurrent creates here cannot overshoot.
 * This is the early gate (before a workspace is provisioned); the store's atomic
 * `claimWithinLimit` at the end is the final one, so replicas racing on one principal cannot
 * exceed the cap either (a loser's workspace is removed and it gets the same error).
 */
export class PrincipalSessionQuota {
  private readonly inFlight = new Map<string, number>();

  static exceeded(limit: number): AppException {
    return new AppException(
      'quota_exceeded',
      `session limit reached for this principal (${limit})`,
    );
  }
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    private readonly limit: number,
    private readonly countLive: (principal: PrincipalKey) => Promise<number>,
  ) {}

  /**
   * Takes a slot or throws; call the returned function exactly once when the create has finished
   * (the session is then in the store, or it failed).
   * @throws AppException `quota_exceeded` `session limit reached for this principal (<N>)`
   */
  async acquire(principal: PrincipalKey): Promise<() => void> {
    if (this.limit === 0) {
      return () => undefined;
    }
    const key = JSON.stringify([principal.tenant_id, principal.actor_id]);
    const previous = this.queues.get(key) ?? Promise.resolve();
    let done!: () => void;
    const turn = new Promise<void>((resolve) => {
      done = resolve;
    });
    const chained = previous.then(() => turn);
    this.queues.set(key, chained);
    await previous;
    try {
      const live = await this.countLive(principal);
      if (live + (this.inFlight.get(key) ?? 0) >= this.limit) {
        throw PrincipalSessionQuota.exceeded(this.limit);
      }
      this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1);
    } finally {
      done();
      if (this.queues.get(key) === chained) {
        this.queues.delete(key);
      }
    }
    let released = false;
    return () => {
      if (!released) {
        released = true;
        const left = (this.inFlight.get(key) ?? 1) - 1;
        if (left <= 0) {
          this.inFlight.delete(key);
        } else {
          this.inFlight.set(key, left);
        }
      }
    };
  }
}
