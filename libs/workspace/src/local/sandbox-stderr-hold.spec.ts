import type { OutputChunk } from '#app/contracts';
import { SandboxStderrHold } from './sandbox-stderr-hold.js';

describe('SandboxStderrHold', () => {
  const setup = () => {
    const heard: OutputChunk[] = [];
    const errors: unknown[] = [];
    const hold = new SandboxStderrHold(
      (chunk) => heard.push(chunk),
      (error) => errors.push(error),
    );
    return { heard, errors, hold };
  };

  it('should pass stdout and stderr that cannot be a bwrap message at once', () => {
    const { heard, hold } = setup();
    hold.onOutput({ channel: 'stdout', text: 'bwrap: on stdout\n' });
    hold.onOutput({ channel: 'stderr', text: 'warning: x\n' });
    hold.onOutput({ channel: 'stderr', text: 'bwrap: later\n' });
    expect(heard.map((chunk) => chunk.text)).toEqual([
      'bwrap: on stdout\n',
      'warning: x\n',
      'bwrap: later\n',
    ]);
  });

  it('should hold stderr beginning like a bwrap message, split over chunks, until the run decides', () => {
    const { heard, hold } = setup();
    hold.onOutput({ channel: 'stderr', text: 'bw' });
    hold.onOutput({ channel: 'stderr', text: 'rap: execvp x: No such file or directory\n' });
    expect(heard).toEqual([]);
    hold.drop();
    expect(heard).toEqual([]);
  });

  it('should release a held prefix as soon as it stops looking like bwrap', () => {
    const { heard, hold } = setup();
    hold.onOutput({ channel: 'stderr', text: 'bw' });
    hold.onOutput({ channel: 'stderr', text: 'x\n' });
    expect(heard.map((chunk) => chunk.text)).toEqual(['bw', 'x\n']);
  });

  it('should pass what was held, in order, when released, reporting a throwing listener', () => {
    const errors: unknown[] = [];
    const texts: string[] = [];
    const hold = new SandboxStderrHold(
      (chunk) => {
        texts.push(chunk.text);
        throw new Error('broken');
      },
      (error) => errors.push(error),
    );
    hold.onOutput({ channel: 'stderr', text: 'bwrap: ' });
    hold.onOutput({ channel: 'stderr', text: 'mine\n' });
    expect(() => hold.release()).not.toThrow();
    expect(texts).toEqual(['bwrap: ', 'mine\n']);
    expect(errors).toHaveLength(2);
  });
});
