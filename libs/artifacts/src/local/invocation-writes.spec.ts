import { InvocationWrites } from './invocation-writes.js';

describe('InvocationWrites', () => {
  let writes: InvocationWrites;

  beforeEach(() => {
    writes = new InvocationWrites();
  });

  it('should need no look for an id never written under', () => {
    expect(writes.sweepStarting('inv-1')).toBeNull();
  });

  it('should forget an id once a quiet sweep emptied its directory', () => {
    writes.begin('inv-1')();
    const ticket = writes.sweepStarting('inv-1')!;
    expect(ticket).toMatchObject({ known: true, quiet: true });
    writes.sweepDone(ticket, 'emptied');
    expect(writes.sweepStarting('inv-1')).toBeNull();
    expect(writes.size).toBe(0);
  });

  it('should keep an id whose write was under way when the sweep began', () => {
    const done = writes.begin('inv-1');
    const ticket = writes.sweepStarting('inv-1')!;
    done();
    writes.sweepDone(ticket, 'emptied');
    expect(writes.sweepStarting('inv-1')).not.toBeNull();
  });

  it('should keep an id written under while the sweep ran', () => {
    writes.begin('inv-1')();
    const ticket = writes.sweepStarting('inv-1')!;
    writes.begin('inv-1')();
    writes.sweepDone(ticket, 'emptied');
    expect(writes.sweepStarting('inv-1')).not.toBeNull();
  });

  it.each(['kept', 'failed'] as const)('should keep an id whose sweep ended %s', (outcome) => {
    writes.begin('inv-1')();
    writes.sweepDone(writes.sweepStarting('inv-1')!, outcome);
    const again = writes.sweepStarting('inv-1');
    expect(again).toMatchObject({ known: true });
    writes.sweepDone(again!, 'emptied');
    expect(writes.sweepStarting('inv-1')).toBeNull();
  });

  it('should ask for a look on disk for unknown ids once it forgot one past its bound', () => {
    const bounded = new InvocationWrites(2);
    for (const id of ['inv-1', 'inv-2']) {
      bounded.begin(id)();
    }
    expect(bounded.sweepStarting('inv-3')).toBeNull();
    bounded.begin('inv-3')();
    expect(bounded.size).toBe(2);
    expect(bounded.sweepStarting('inv-1')).toMatchObject({ known: false });
    expect(bounded.sweepStarting('inv-never')).toMatchObject({ known: false });
  });
});
