import type { LogLine } from '#app/contracts';
import { fitLogTail, storedLogLineBytes } from './log-tail.js';

const line = (message: string, channel = 'stdout'): LogLine => ({
  at: '2030-01-01T00:00:00.000Z',
  channel,
  message,
});
const storedBytes = (lines: LogLine[]): number =>
  lines.reduce((sum, each) => sum + storedLogLineBytes(each), 0);

describe('fitLogTail (API.md 10.3)', () => {
  it('should keep every line when they fit, the limit included', () => {
    const lines = [line('one'), line('two')];
    expect(fitLogTail(lines, storedBytes(lines))).toEqual({
      lines,
      bytesDropped: 0,
      linesDropped: 0,
    });
  });

  it('should keep the newest lines and count what it dropped', () => {
    const lines = Array.from({ length: 10 }, (_, index) => line(`line ${index}`));
    const budget = storedBytes(lines.slice(7));

    const tail = fitLogTail(lines, budget);

    expect(tail.lines).toEqual(lines.slice(7));
    expect(tail.linesDropped).toBe(7);
    expect(tail.bytesDropped).toBe(storedBytes(lines) - budget);
  });

  it('should keep the tail of one huge line within the budget', () => {
    const huge = line(`head-${'x'.repeat(1_000_000)}-tail`);

    const tail = fitLogTail([huge], 1000);

    expect(tail.lines).toHaveLength(1);
    expect(storedBytes(tail.lines)).toBe(1000);
    expect(tail.lines[0].message.endsWith('x-tail')).toBe(true);
    expect(huge.message.endsWith(tail.lines[0].message)).toBe(true);
    expect(tail.linesDropped).toBe(0);
    expect(tail.bytesDropped).toBe(storedLogLineBytes(huge) - 1000);
  });

  it('should cut a multi-byte message on a character boundary and stay within the budget', () => {
    const wide = line('😀€é'.repeat(5000));
    for (const budget of [200, 201, 202, 203, 204, 205]) {
      const tail = fitLogTail([wide], budget);
      const message = tail.lines[0].message;
      expect(storedBytes(tail.lines)).toBeLessThanOrEqual(budget);
      expect(storedBytes(tail.lines)).toBeGreaterThan(budget - 4);
      expect(wide.message.endsWith(message)).toBe(true);
      expect(message).not.toContain('\uFFFD');
    }
  });

  it('should account for JSON escaping when it cuts', () => {
    // Each control character is stored as a 6-byte \\u escape.
    const escaped = line('\u0001'.repeat(10_000));
    const tail = fitLogTail([escaped], 500);
    expect(storedBytes(tail.lines)).toBeLessThanOrEqual(500);
    expect(tail.lines[0].message.length).toBeGreaterThan(0);
  });

  it('should drop a line that cannot keep a single character, and keep nothing for a zero budget', () => {
    const lines = [line('older message'), line('newest')];
    const roomForNewest = storedBytes([lines[1]]);

    expect(fitLogTail(lines, roomForNewest + 5).lines).toEqual([lines[1]]);
    expect(fitLogTail(lines, 0)).toEqual({
      lines: [],
      bytesDropped: storedBytes(lines),
      linesDropped: 2,
    });
  });
});
