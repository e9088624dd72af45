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
    const session = { ...sessionFixture('session-a'), repo_url: 'https://example.test/r.git', repo_ref: 'main' };

    expect(await subject.store.claim(session)).toBe(true);

    expect(await subject.store.get('session-a')).toEqual(session);
  });

  it('should refuse the claim when a live record has the id', async () => {
    await subject.store.claim(sessionFixture('session-a'));

    expect(await subject.store.claim({ ...sessionFixture('session-a'), workspace_path: '/other' })).toBe(false);
    expect((await subject.store.get('session-a'))?.workspace_path).toBe('/tmp/ws/session-a/workspace');
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

  it('should report healthy when the backend answers', async () => {
    expect(await subject.store.check()).toBeNull();
  });
}
