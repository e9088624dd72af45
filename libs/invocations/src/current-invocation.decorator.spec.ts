import type { Invocation } from '#app/contracts';
import { invocationOf } from './current-invocation.decorator.js';

describe('@CurrentInvocation()', () => {
  it('should return the invocation the guard resolved', () => {
    const invocation = { id: 'inv-1' } as unknown as Invocation;
    expect(invocationOf({ invocation })).toBe(invocation);
  });

  it('should fail closed with an internal error when InvocationAccessGuard did not run', () => {
    expect(() => invocationOf({})).toThrow(
      '@CurrentInvocation() on a route without InvocationAccessGuard',
    );
  });
});
