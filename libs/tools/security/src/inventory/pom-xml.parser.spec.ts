import { POM_XML } from '../testing/fixture-repositories.js';
import { ManifestFormatError } from './dependency.js';
import { parsePomXml } from './pom-xml.parser.js';

describe('parsePomXml', () => {
  it('should list direct dependencies with literal versions only', () => {
    expect(parsePomXml(POM_XML)).toEqual([
      { ecosystem: 'maven', name: 'org.slf4j:slf4j-api', version: '2.0.9', license: 'unknown' },
    ]);
  });

  it('should throw a format error naming the line of malformed XML or a foreign root', () => {
    expect(() => parsePomXml('<project>\n<dependencies>\n</project>')).toThrow(/line \d+/);
    expect(() => parsePomXml('<settings/>')).toThrow(ManifestFormatError);
  });
});
