import { CARGO_LOCK } from '../testing/fixture-repositories.js';
import { parseCargoLock } from './cargo-lock.parser.js';

describe('parseCargoLock', () => {
  it('should skip the root crate and path-only packages', () => {
    expect(parseCargoLock(CARGO_LOCK)).toEqual([
      { ecosystem: 'cargo', name: 'serde', version: '1.0.193', license: 'unknown' },
    ]);
  });

  it('should throw on invalid TOML', () => {
    expect(() => parseCargoLock('[[package]]\nname = "x\n')).toThrow();
  });
});
