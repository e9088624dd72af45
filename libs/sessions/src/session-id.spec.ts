import { generateId, randomIdSuffix } from './session-id.js';

describe('generateId (pooled CSPRNG)', () => {
  it('should keep the prefix-and-16-hex format for every prefix', () => {
    for (const prefix of ['session', 'inv', 'artifact', 'approval'] as const) {
      expect(generateId(prefix)).toMatch(new RegExp(`^${prefix}-[0-9a-f]{16}$`));
    }
  });

  // Across several pool refills no slice is handed out twice (a reused or unrefilled pool would
  // repeat ids, which would let one invocation's artifact id name another's).
  it('should never repeat a suffix across pool refills', () => {
    const seen = new Set<string>();
    for (let index = 0; index < 5_000; index += 1) {
      seen.add(randomIdSuffix());
    }
    expect(seen.size).toBe(5_000);
  });
});
