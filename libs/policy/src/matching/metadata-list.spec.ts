import { isUnrestricted, parseMetadataList } from './metadata-list.js';

describe('parseMetadataList', () => {
  it('should trim items and drop empty ones when the list has stray commas and spaces', () => {
    expect(parseMetadataList(' dev , ,prod,, qa ')).toEqual(['dev', 'prod', 'qa']);
  });

  it('should return an empty list when the value is absent or blank', () => {
    expect(parseMetadataList(undefined)).toEqual([]);
    expect(parseMetadataList('  ,  ')).toEqual([]);
  });
});

describe('isUnrestricted', () => {
  it('should allow everything when the list is empty or holds *', () => {
    expect(isUnrestricted([])).toBe(true);
    expect(isUnrestricted(['dev', '*'])).toBe(true);
  });

  it('should restrict when the list holds only concrete items', () => {
    expect(isUnrestricted(['dev'])).toBe(false);
  });
});
