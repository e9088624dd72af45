import { toTimestamp } from './timestamps.js';

describe('toTimestamp', () => {
  it('should format like Date#toISOString for numbers and dates, repeated or not', () => {
    const inputs = [0, 1_765_000_000_123, 1_765_000_000_123, 1.7, 1.2, new Date(42), 42, -1];
    for (const input of inputs) {
      expect(toTimestamp(input)).toBe(new Date(input).toISOString());
    }
  });

  it('should not answer a cached text for a different instant when called in turn', () => {
    expect(toTimestamp(1000)).toBe('1970-01-01T00:00:01.000Z');
    expect(toTimestamp(new Date(2000))).toBe('1970-01-01T00:00:02.000Z');
    expect(toTimestamp(1000)).toBe('1970-01-01T00:00:01.000Z');
  });

  it('should throw for an invalid time even right after a valid one', () => {
    toTimestamp(5);
    expect(() => toTimestamp(Number.NaN)).toThrow(RangeError);
    expect(() => toTimestamp(new Date('not a date'))).toThrow(RangeError);
    expect(() => toTimestamp(8.64e15 + 1)).toThrow(RangeError);
  });
});
