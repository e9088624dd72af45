import { maskRanges, maskSecret } from './secret-mask.js';

describe('secret masking', () => {
  it('should keep the first 4 characters followed by ****', () => {
    expect(maskSecret('abcdefgh')).toBe('abcd****');
    expect(maskSecret('ab')).toBe('ab****');
  });

  it('should mask every range once, merging overlaps', () => {
    expect(
      maskRanges('key=ABCDEFGH and XYZ12345', [
        { start: 4, end: 12 },
        { start: 6, end: 10 },
        { start: 17, end: 25 },
      ]),
    ).toBe('key=ABCD**** and XYZ1****');
  });
});
