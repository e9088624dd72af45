import { isUnset, lookupField, stringOrStringArray, stringValues } from './field-path.js';

describe('lookupField', () => {
  const args = {
    path: 'src',
    request: { path: '/health', headers: { a: 'b' } },
    list: [{ x: 1 }],
    nothing: null,
  };

  it('should return a top-level member when the field has no dot', () => {
    expect(lookupField(args, 'path')).toBe('src');
  });

  it('should walk nested objects when the field is dotted', () => {
    expect(lookupField(args, 'request.path')).toBe('/health');
  });

  it('should return undefined when a segment is missing or crosses a non-object', () => {
    expect(lookupField(args, 'request.body')).toBeUndefined();
    expect(lookupField(args, 'path.length')).toBeUndefined();
    expect(lookupField(args, 'list.0')).toBeUndefined();
    expect(lookupField(args, 'nothing.x')).toBeUndefined();
  });

  it('should not read inherited members when the field names an Object prototype property', () => {
    expect(lookupField(args, 'constructor')).toBeUndefined();
  });

  it('should keep null when the member is present with null', () => {
    expect(lookupField(args, 'nothing')).toBeNull();
  });
});

describe('isUnset', () => {
  it('should treat undefined, null and empty string as unset', () => {
    expect([undefined, null, ''].every((value) => isUnset(value))).toBe(true);
    expect(isUnset(' ')).toBe(false);
    expect(isUnset(0)).toBe(false);
  });
});

describe('stringValues', () => {
  it('should require a string when the field is not multi', () => {
    expect(stringValues('a', false)).toEqual(['a']);
    expect(stringValues(['a'], false)).toBeNull();
  });

  it('should require an array of strings when the field is multi', () => {
    expect(stringValues(['a', 'b'], true)).toEqual(['a', 'b']);
    expect(stringValues('a', true)).toBeNull();
    expect(stringValues(['a', 1], true)).toBeNull();
  });
});

describe('stringOrStringArray', () => {
  it('should accept a string or an array of strings and refuse anything else', () => {
    expect(stringOrStringArray('a')).toEqual(['a']);
    expect(stringOrStringArray(['a', 'b'])).toEqual(['a', 'b']);
    expect(stringOrStringArray(7)).toBeNull();
    expect(stringOrStringArray({ a: 'b' })).toBeNull();
    expect(stringOrStringArray(['a', null])).toBeNull();
  });
});
