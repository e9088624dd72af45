import { AppException } from '#app/errors';
import { brokerList } from './kafka-args.js';
import { isOffsetOutOfRange, mapTopicError } from './kafka-errors.js';

class FakeProtocolError extends Error {
  constructor(readonly type: string) {
    super(type);
  }
}

describe('kafka args and errors', () => {
  it('should strip kafka:// and tcp:// prefixes when the endpoint is a broker list', () => {
    expect(brokerList('kafka://a:9092, tcp://b:9093,c:9094,')).toEqual([
      'a:9092',
      'b:9093',
      'c:9094',
    ]);
  });

  it('should map an unknown topic to not_found even when kafkajs wraps it in a retry error', () => {
    const wrapped = Object.assign(new Error('retries exceeded'), {
      cause: new FakeProtocolError('UNKNOWN_TOPIC_OR_PARTITION'),
    });
    expect(mapTopicError(wrapped)).toEqual(new AppException('not_found', 'topic not found'));
    const other = new FakeProtocolError('NOT_LEADER_FOR_PARTITION');
    expect(mapTopicError(other)).toBe(other);
  });

  it('should recognise an offset out of range when the broker refuses an absolute offset', () => {
    expect(isOffsetOutOfRange(new FakeProtocolError('OFFSET_OUT_OF_RANGE'))).toBe(true);
    expect(isOffsetOutOfRange(new Error('other'))).toBe(false);
  });
});
