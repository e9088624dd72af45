import { failureOf } from '#app/connections/testing';
import { assertPayloadSize, ByteBudget, decodePayload } from './payload-encoding.js';

describe('decodePayload', () => {
  it('should decode utf8 and strict base64', () => {
    expect(decodePayload('héllo', 'utf-8').toString('utf8')).toBe('héllo');
    expect(decodePayload('AAEC', 'base64')).toEqual(Buffer.from([0, 1, 2]));
  });

  it('should refuse base64 with junk characters', async () => {
    expect(await failureOf(Promise.resolve().then(() => decodePayload('AA E*', 'base64')))).toEqual(
      {
        code: 'invalid_argument',
        message: 'invalid base64 payload',
        retryable: false,
      },
    );
  });
});

describe('assertPayloadSize', () => {
  it('should refuse a payload above the limit and accept one at the limit', async () => {
    expect(() => assertPayloadSize(Buffer.alloc(4), 4)).not.toThrow();
    expect(
      (await failureOf(Promise.resolve().then(() => assertPayloadSize(Buffer.alloc(5), 4))))
        .message,
    ).toBe('payload exceeds max_bytes (4)');
  });
});

describe('ByteBudget', () => {
  it('should cut the item that crosses the budget and drop the ones after it', () => {
    const budget = new ByteBudget(5);
    expect(budget.take(Buffer.from('abc'))).toEqual({ data: Buffer.from('abc'), trimmed: false });
    expect(budget.take(Buffer.from('defg'))).toEqual({ data: Buffer.from('de'), trimmed: true });
    expect(budget.take(Buffer.from('h'))).toBeUndefined();
    expect(budget.usedBytes).toBe(5);
    expect(budget.truncated).toBe(true);
  });
});
