import { LiveOutput, type OutputChunk } from './live-output.js';

describe('LiveOutput', () => {
  const setup = (cap = 1000) => {
    const heard: OutputChunk[] = [];
    const errors: unknown[] = [];
    const live = new LiveOutput(
      (chunk) => heard.push(chunk),
      cap,
      (error) => errors.push(error),
    );
    return { heard, errors, live, text: () => heard.map((chunk) => chunk.text).join('') };
  };

  it('should decode a character split across chunks once it is complete, per channel', () => {
    const { heard, live } = setup();
    const euro = Buffer.from('€');
    live.push('stdout', euro.subarray(0, 1));
    live.push('stderr', Buffer.from('e'));
    live.push('stdout', euro.subarray(1));
    expect(heard).toEqual([
      { channel: 'stderr', text: 'e' },
      { channel: 'stdout', text: '€' },
    ]);
  });

  it('should turn an unfinished character at the end into U+FFFD, as the result does', () => {
    const { heard, live } = setup();
    live.push('stdout', Buffer.from('€').subarray(0, 2));
    live.finish();
    live.push('stdout', Buffer.from('after the end'));
    expect(heard).toEqual([{ channel: 'stdout', text: '\uFFFD' }]);
  });

  it('should pass at most the cap over both channels and nothing after it', () => {
    const { live, text } = setup(5);
    live.push('stdout', Buffer.from('abc'));
    live.push('stderr', Buffer.from('def'));
    live.push('stdout', Buffer.from('ghi'));
    live.finish();
    expect(text()).toBe('abcde');
  });

  it('should drop a character the cap cuts', () => {
    const { live, text } = setup(4);
    live.push('stdout', Buffer.from('ab€'));
    live.finish();
    expect(text()).toBe('ab');
  });

  it('should report only the first failure of a listener and keep calling it', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const live = new LiveOutput(
      () => {
        calls += 1;
        throw new Error(`broken ${calls}`);
      },
      100,
      (error) => errors.push(error),
    );
    expect(() => live.push('stdout', Buffer.from('a'))).not.toThrow();
    expect(() => live.push('stdout', Buffer.from('b'))).not.toThrow();
    expect(calls).toBe(2);
    expect(errors).toEqual([new Error('broken 1')]);

    const rejected: unknown[] = [];
    const asyncLive = new LiveOutput(
      // eslint-disable-next-line @typescript-eslint/no-misused-promises -- the case under test
      () => Promise.reject(new Error('rejected')),
      100,
      (error) => rejected.push(error),
    );
    asyncLive.push('stdout', Buffer.from('a'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(rejected).toEqual([new Error('rejected')]);
  });

  it('should do nothing without a listener', () => {
    const live = new LiveOutput(undefined, 10, () => {
      throw new Error('never');
    });
    expect(() => {
      live.push('stdout', Buffer.from('x'));
      live.finish();
    }).not.toThrow();
  });
});
