import { parseStackTraces } from './stacktrace.parser.js';

describe('parseStackTraces', () => {
  it('should split traces at start lines and keep only frame-like lines when several runtimes crash', () => {
    const text = [
      'some noise',
      'panic: runtime error: index out of range [3] with length 2',
      '',
      'goroutine 1 [running]:',
      'main.main()',
      '\t/work/main.go:7 +0x1d',
      'exit status 2',
      'Traceback (most recent call last):',
      '  File "app.py", line 3, in <module>',
      '    boom()',
      'ZeroDivisionError: division by zero',
      "thread 'main' panicked at src/main.rs:2:5:",
      'Exception in thread "main" java.lang.IllegalStateException: bad',
      '\tat com.example.App.main(App.java:10)',
      'Caused by: java.io.IOException',
    ].join('\n');
    const traces = parseStackTraces(text, 20);
    expect(traces.map((trace) => [trace.type, trace.frame_count])).toEqual([
      ['go_panic', 2],
      ['python', 1],
      ['rust_panic', 0],
      ['java', 2],
    ]);
    expect(traces[0]?.frames).toEqual(['goroutine 1 [running]:', '/work/main.go:7 +0x1d']);
    expect(traces[1]?.frames).toEqual(['File "app.py", line 3, in <module>']);
    expect(traces[3]?.message).toBe(
      'Exception in thread "main" java.lang.IllegalStateException: bad',
    );
  });

  it('should keep max_frames frames but count them all and cut long messages when traces are big', () => {
    const frames = Array.from({ length: 5 }, (_, index) => `\tat f${index} (a.js:${index + 1}:1)`);
    const [trace] = parseStackTraces(
      [`Error stack trace: ${'x'.repeat(300)}`, ...frames].join('\n'),
      2,
    );
    expect(trace).toMatchObject({
      type: 'generic',
      frame_count: 5,
      frames: ['at f0 (a.js:1:1)', 'at f1 (a.js:2:1)'],
    });
    expect(trace?.message).toHaveLength(240);
  });
});
