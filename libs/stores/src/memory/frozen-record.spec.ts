import { frozenRecord } from './frozen-record.js';

describe('frozenRecord', () => {
  it('should return a deeply frozen copy and leave the original writable', () => {
    const record = { id: 's-1', principal: { tenant_id: 't' }, tags: ['a'] };
    const frozen = frozenRecord(record);
    expect(frozen).toStrictEqual(record);
    expect(frozen).not.toBe(record);
    expect(Object.isFrozen(frozen)).toBe(true);
    expect(Object.isFrozen(frozen.principal)).toBe(true);
    expect(Object.isFrozen(frozen.tags)).toBe(true);
    expect(Object.isFrozen(record)).toBe(false);
    expect(Object.isFrozen(record.principal)).toBe(false);
  });

  it('should freeze a cyclic record, which structuredClone copies, without recursing forever', () => {
    const record: Record<string, unknown> = { id: 's-1' };
    record['self'] = record;
    const frozen = frozenRecord(record);
    expect(frozen['self']).toBe(frozen);
    expect(Object.isFrozen(frozen)).toBe(true);
  });
});
