import { licenseTokens, normaliseLicenseList, normaliseLicenseToken } from './license-tokens.js';

describe('license tokens', () => {
  it('should normalise lists: split, uppercase, strip parentheses, underscores, unknown words, sort', () => {
    expect(
      normaliseLicenseList(['mit, Apache_2.0;(BSD-3-Clause)', 'MIT', 'n/a', 'NOASSERTION']),
    ).toEqual(['APACHE-2.0', 'BSD-3-CLAUSE', 'MIT', 'UNKNOWN']);
    expect(normaliseLicenseToken('none')).toBe('UNKNOWN');
  });

  it('should take the license ids and exceptions of a valid SPDX expression, not its operators', () => {
    expect(
      licenseTokens('(MIT OR Apache-2.0) AND GPL-2.0-or-later WITH Classpath-exception-2.0'),
    ).toEqual(['MIT', 'APACHE-2.0', 'GPL-2.0-OR-LATER', 'CLASSPATH-EXCEPTION-2.0']);
    expect(licenseTokens('DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2')).toEqual([
      'DOCUMENTREF-SPDX-TOOL-1.2:LICENSEREF-MIT-STYLE-2',
    ]);
    expect(licenseTokens('GPL-2.0+')).toEqual(['GPL-2.0+']);
  });

  it('should split text that is not valid SPDX on other characters', () => {
    expect(licenseTokens('mit/x11 style')).toEqual(['MIT', 'X11', 'STYLE']);
    expect(licenseTokens('unknown')).toEqual(['UNKNOWN']);
    expect(licenseTokens('  ')).toEqual(['UNKNOWN']);
    expect(licenseTokens('()')).toEqual([]);
  });
});
