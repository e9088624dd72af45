import type { Session } from '#app/contracts';
import { sessionOf } from './current-session.decorator.js';

const SESSION = { id: 's1' } as unknown as Session;

describe('@CurrentSession()', () => {
  it('should return the session the guard resolved', () => {
    expect(sessionOf({ session: SESSION })).toBe(SESSION);
  });

  it('should fail closed with an internal error when SessionAccessGuard did not run', () => {
    expect(() => sessionOf({})).toThrow('@CurrentSession() on a route without SessionAccessGuard');
    expect(() => sessionOf({}, { nullable: true })).toThrow(
      '@CurrentSession() on a route without SessionAccessGuard',
    );
  });

  it('should refuse a null session unless the handler accepts one', () => {
    expect(() => sessionOf({ session: null })).toThrow('@CurrentSession() got no session');
    expect(sessionOf({ session: null }, { nullable: true })).toBeNull();
  });
});
