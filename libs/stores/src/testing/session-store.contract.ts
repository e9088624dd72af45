import type { SessionStore } from '../session-store.port.js';
import { sessionFixture } from './store-fixtures.js';

export interface StoreUnderTest<T> {
  store: T;
  cleanup(): Promise<void>;
}

/** Behaviour every `SessionStore` adapter shares (API.md 9.1); `create` gives an empty store. */
export function sessionStoreContract(create: () => Promise<StoreUnderTest<SessionStore>>): void {
  let subject: StoreUnderTest<SessionStore>;

  beforeEach(async () => {
    subject = await create();
  });

  afterEach(async () => {
    await subject.cleanup();
  });

  it('should return the exact record when a claimed session is read', async () => {
    const session = {
      ...sessionFixture('session-a'),
      repo_url: 'https://example.test/r.git',
      repo_ref: 'main',
      forked_from: 'session-source',
    };

    expect(await subject.store.claim(session)).toBe(true);

    expect(await subject.store.get('session-a')).toEqual(session);
  });

  it('should refuse the claim when a live record has the id', async () => {
    await subject.store.claim(sessionFixture('session-a'));

    expect(
      await subject.store.claim({ ...sessionFixture('session-a'), workspace_path: '/other' }),
    ).toBe(false);
    expect((await subject.store.get('session-a'))?.workspace_path).toBe(
      '/tmp/ws/session-a/workspace',
    );
  });

  it('should claim within a per-principal limit atomically, counting only that principal and live records', async () => {
    const bob = (id: string) => ({
      ...sessionFixture(id),
      principal: { tenant_id: 'acme', actor_id: 'bob', roles: [] },
    });
    const results = await Promise.all(
      ['session-1', 'session-2', 'session-3', 'session-4'].map((id) =>
        subject.store.claimWithinLimit(sessionFixture(id), 2),
      ),
    );
    expect([...results].sort()).toEqual(['claimed', 'claimed', 'limit', 'limit']);
    expect(await subject.store.countByPrincipal('acme', 'alice')).toBe(2);
    expect(await subject.store.claimWithinLimit(bob('session-5'), 2)).toBe('claimed');
    expect(await subject.store.countByPrincipal('acme', 'bob')).toBe(1);
    const claimed = ['session-1', 'session-2', 'session-3', 'session-4'].filter(
      (_, index) => results[index] === 'claimed',
    );
    expect(await subject.store.claimWithinLimit(sessionFixture(claimed[0]), 0)).toBe('exists');
    await subject.store.delete(claimed[0]);
    expect(await subject.store.countByPrincipal('acme', 'alice')).toBe(1);
    expect(await subject.store.claimWithinLimit(sessionFixture('session-6'), 2)).toBe('claimed');
    expect(await subject.store.countByPrincipal('acme', 'alice')).toBe(2);
  });

  it('should report null when the id is unknown', async () => {
    expect(await subject.store.get('session-missing')).toBeNull();
  });

  it('should remove the record and report whether it existed when deleting', async () => {
    await subject.store.claim(sessionFixture('session-a'));

    expect(await subject.store.delete('session-a')).toBe(true);
    expect(await subject.store.get('session-a')).toBeNull();
    expect(await subject.store.delete('session-a')).toBe(false);
  });

  it('should allow a new claim when the previous record was deleted', async () => {
    await subject.store.claim(sessionFixture('session-a'));
    await subject.store.delete('session-a');

    expect(await subject.store.claim(sessionFixture('session-a'))).toBe(true);
  });

  it('should count live records when asked for the active gauge', async () => {
    await subject.store.claim(sessionFixture('session-a'));
    await subject.store.claim(sessionFixture('session-b'));
    await subject.store.claim(sessionFixture('session-c'));
    await subject.store.delete('session-c');

    expect(await subject.store.count()).toBe(2);
  });

  it('should overwrite a live record on replace and keep it counted for its principal', async () => {
    const session = sessionFixture('session-a', 60);
    await subject.store.claimWithinLimit(session, 0);
    const renewed = { ...session, expires_at: new Date(Date.now() + 7200_000).toISOString() };

    expect(await subject.store.replace(renewed)).toBe(true);

    expect(await subject.store.get('session-a')).toEqual(renewed);
    expect(await subject.store.countByPrincipal('acme', 'alice')).toBe(1);
    expect(await subject.store.claim(sessionFixture('session-a'))).toBe(false);
  });

  it('should write nothing on replace when no record has the id', async () => {
    expect(await subject.store.replace(sessionFixture('session-missing'))).toBe(false);

    expect(await subject.store.get('session-missing')).toBeNull();
  });

  it('should move last_activity_at forward on touch and change nothing else', async () => {
    const session = { ...sessionFixture('session-a', 60) };
    session.last_activity_at = session.created_at;
    await subject.store.claimWithinLimit(session, 0);
    const later = new Date(Date.parse(session.created_at) + 5000).toISOString();

    expect(await subject.store.touch('session-a', later)).toBe(true);

    expect(await subject.store.get('session-a')).toEqual({ ...session, last_activity_at: later });
    expect(await subject.store.countByPrincipal('acme', 'alice')).toBe(1);
  });

  it('should never move last_activity_at back on touch', async () => {
    const session = sessionFixture('session-a');
    const recent = new Date(Date.parse(session.created_at) + 9000).toISOString();
    await subject.store.claim({ ...session, last_activity_at: recent });

    expect(await subject.store.touch('session-a', session.created_at)).toBe(true);

    expect((await subject.store.get('session-a'))?.last_activity_at).toBe(recent);
  });

  it('should set last_activity_at on touch of a record written before the field existed', async () => {
    const session = sessionFixture('session-a');
    const later = new Date(Date.parse(session.created_at) + 1000).toISOString();
    await subject.store.claim(session);

    expect(await subject.store.touch('session-a', later)).toBe(true);

    expect((await subject.store.get('session-a'))?.last_activity_at).toBe(later);
  });

  it('should write nothing on touch when no live record has the id', async () => {
    expect(await subject.store.touch('session-missing', new Date().toISOString())).toBe(false);

    expect(await subject.store.get('session-missing')).toBeNull();
  });

  it('should keep the renewed expires_at when a touch follows a renew', async () => {
    const session = sessionFixture('session-a', 60);
    await subject.store.claimWithinLimit(session, 0);
    const renewed = { ...session, expires_at: new Date(Date.now() + 7200_000).toISOString() };
    await subject.store.replace(renewed);
    const touchedAt = new Date(Date.now() + 1000).toISOString();

    expect(await subject.store.touch('session-a', touchedAt)).toBe(true);

    expect(await subject.store.get('session-a')).toEqual({
      ...renewed,
      last_activity_at: touchedAt,
    });
  });

  it('should keep a later last_activity_at when a renew carries an earlier one', async () => {
    const session = { ...sessionFixture('session-a', 60) };
    session.last_activity_at = session.created_at;
    await subject.store.claimWithinLimit(session, 0);
    const touchedAt = new Date(Date.now() + 5000).toISOString();
    await subject.store.touch('session-a', touchedAt);
    const renewed = {
      ...session,
      expires_at: new Date(Date.now() + 7200_000).toISOString(),
      last_activity_at: new Date(Date.now() + 1000).toISOString(),
    };

    expect(await subject.store.replace(renewed)).toBe(true);

    expect(await subject.store.get('session-a')).toEqual({
      ...renewed,
      last_activity_at: touchedAt,
    });
  });

  it('should keep both the renew and the touch when they run concurrently', async () => {
    const session = { ...sessionFixture('session-a', 60) };
    session.last_activity_at = session.created_at;
    await subject.store.claimWithinLimit(session, 0);
    const renewedExpiry = new Date(Date.now() + 7200_000).toISOString();
    const touches = Array.from({ length: 8 }, (_, index) =>
      new Date(Date.now() + 1000 * (index + 1)).toISOString(),
    );

    const results = await Promise.all([
      ...touches.map((at) => subject.store.touch('session-a', at)),
      subject.store.replace({ ...session, expires_at: renewedExpiry }),
      ...touches.map((at) => subject.store.touch('session-a', at)),
    ]);

    expect(results.every(Boolean)).toBe(true);
    const stored = await subject.store.get('session-a');
    expect(stored?.expires_at).toBe(renewedExpiry);
    expect(stored?.last_activity_at).toBe(touches[touches.length - 1]);
  });

  it('should delete on deleteIfIdle only while the last activity is at or before the cutoff', async () => {
    const session = { ...sessionFixture('session-a') };
    session.last_activity_at = session.created_at;
    await subject.store.claimWithinLimit(session, 0);
    const before = new Date(Date.parse(session.created_at) - 1).toISOString();

    expect(await subject.store.deleteIfIdle('session-a', before)).toBe(false);
    expect(await subject.store.get('session-a')).toEqual(session);

    expect(await subject.store.deleteIfIdle('session-a', session.created_at)).toBe(true);
    expect(await subject.store.get('session-a')).toBeNull();
    expect(await subject.store.countByPrincipal('acme', 'alice')).toBe(0);
    expect(await subject.store.deleteIfIdle('session-a', session.created_at)).toBe(false);
  });

  it('should not delete on deleteIfIdle once a touch moved the activity past the cutoff', async () => {
    const session = sessionFixture('session-a');
    await subject.store.claim(session);
    const cutoff = new Date(Date.parse(session.created_at) + 1000).toISOString();

    const [, deleted] = await Promise.all([
      subject.store.touch('session-a', new Date(Date.parse(cutoff) + 1).toISOString()),
      subject.store.deleteIfIdle('session-a', cutoff),
    ]);

    // Either order is possible; never both a delete and a surviving touch.
    expect((await subject.store.get('session-a')) === null).toBe(deleted);
  });

  it('should report healthy when the backend answers', async () => {
    expect(await subject.store.check()).toBeNull();
  });
}
