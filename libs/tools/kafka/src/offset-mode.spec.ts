import { AppException } from '#app/errors';
import { resolveStartPosition } from './offset-mode.js';

describe('resolveStartPosition', () => {
  it.each([
    [{}, { mode: 'latest' }],
    [{ offset: 'earliest' }, { mode: 'earliest' }],
    [{ offset: 'latest' }, { mode: 'latest' }],
    [{ offset: 7 }, { mode: 'absolute', offset: 7n }],
    [{ offset: '12' }, { mode: 'absolute', offset: 12n }],
    [{ timestamp_ms: 1000 }, { mode: 'timestamp', timestampMs: 1000 }],
    [{ offset_mode: 'earliest', timestamp_ms: 5 }, { mode: 'earliest' }],
    [
      { offset_mode: 'absolute', offset: 0 },
      { mode: 'absolute', offset: 0n },
    ],
  ])('should derive the start position when args are %j', (args, expected) => {
    expect(resolveStartPosition(args)).toEqual(expected);
  });

  it.each([
    [
      { offset_mode: 'latest', offset: 'earliest' },
      'offset "earliest" contradicts offset_mode latest',
    ],
    [
      { offset_mode: 'earliest', offset: 3 },
      'a numeric offset requires offset_mode absolute, not earliest',
    ],
    [{ offset_mode: 'absolute' }, 'offset_mode absolute requires a numeric offset'],
    [{ offset_mode: 'timestamp' }, 'offset_mode timestamp requires timestamp_ms'],
    [
      { offset_mode: 'timestamp', timestamp_ms: 1, offset: '4' },
      'a numeric offset requires offset_mode absolute, not timestamp',
    ],
    [
      { offset_mode: 'timestamp', timestamp_ms: 1, offset: 'latest' },
      'offset "latest" contradicts offset_mode timestamp',
    ],
  ])('should refuse %j with invalid_argument', (args, message) => {
    expect(() => resolveStartPosition(args)).toThrow(new AppException('invalid_argument', message));
  });
});
