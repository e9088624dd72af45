import { cloneRecord } from './clone-record.js';

describe('cloneRecord', () => {
  it('should return an equal deep copy sharing no objects when given a JSON record', () => {
    const record = {
      id: 'inv-1',
      logs: [{ stream: 'stdout', line: 'a' }],
      output: { n: 1, list: [1, [2]], none: null },
    };
    const copy = cloneRecord(record);
    expect(copy).toEqual(record);
    expect(copy).not.toBe(record);
    expect(copy.logs[0]).not.toBe(record.logs[0]);
    expect(copy.output.list[1]).not.toBe(record.output.list[1]);
  });

  it('should leave the original untouched when the copy is mutated', () => {
    const record = { artifacts: [{ id: 'a' }] };
    const copy = cloneRecord(record);
    copy.artifacts.push({ id: 'b' });
    copy.artifacts[0].id = 'changed';
    expect(record).toEqual({ artifacts: [{ id: 'a' }] });
  });

  it('should keep an own __proto__ member as data when the record came from JSON.parse', () => {
    const record = JSON.parse('{"output":{"__proto__":{"polluted":true}}}') as {
      output: Record<string, unknown>;
    };
    const copy = cloneRecord(record);
    expect(Object.keys(copy.output)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(copy.output)).toBe(Object.prototype);
    expect((copy.output as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('should copy non-plain objects like structuredClone when a record holds one', () => {
    const when = new Date(0);
    const copy = cloneRecord({ when });
    expect(copy.when).toEqual(when);
    expect(copy.when).not.toBe(when);
    expect(() => cloneRecord({ run: () => 1 })).toThrow();
  });
});
