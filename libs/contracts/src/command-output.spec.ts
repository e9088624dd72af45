import { OutputCollector, TRUNCATION_MARKER } from './command-output.js';

describe('OutputCollector', () => {
  it('should keep chunks in arrival order when they fit the cap', () => {
    const collector = new OutputCollector(10);
    collector.push(Buffer.from('ab'));
    collector.push(Buffer.from('cd'));

    expect(collector.finish()).toEqual({ output: 'abcd', truncated: false });
  });

  it('should not mark truncation when the output is exactly the cap', () => {
    const collector = new OutputCollector(4);
    collector.push(Buffer.from('abcd'));

    expect(collector.finish()).toEqual({ output: 'abcd', truncated: false });
  });

  it('should cut at the cap and append the marker when more arrives', () => {
    const collector = new OutputCollector(3);
    collector.push(Buffer.from('ab'));
    collector.push(Buffer.from('cd'));
    collector.push(Buffer.from('ef'));

    expect(collector.finish()).toEqual({ output: `abc${TRUNCATION_MARKER}`, truncated: true });
  });

  it('should drop a multi-byte character when the cap splits it', () => {
    const collector = new OutputCollector(4);
    collector.push(Buffer.from('ab€')); // € is 3 bytes; only 2 of them fit

    expect(collector.finish()).toEqual({ output: `ab${TRUNCATION_MARKER}`, truncated: true });
  });

  it('should keep a multi-byte character when it ends exactly at the cap', () => {
    const collector = new OutputCollector(5);
    collector.push(Buffer.from('ab€c'));

    expect(collector.finish()).toEqual({ output: `ab€${TRUNCATION_MARKER}`, truncated: true });
  });
});
