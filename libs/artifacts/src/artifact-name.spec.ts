import { sanitiseArtifactName } from './artifact-name.js';

describe('sanitiseArtifactName', () => {
  it.each([
    ['  report.json  ', 'report.json'],
    ['dir/sub/out.txt', 'out.txt'],
    ['C:\\Users\\x\\log.txt', 'log.txt'],
    ['..', 'artifact.bin'],
    ['a..b', 'ab'],
    ['tab\there\u0007.txt', 'tabhere.txt'],
    ['', 'artifact.bin'],
    ['dir/', 'artifact.bin'],
  ])('should turn %j into %j', (input, expected) => {
    expect(sanitiseArtifactName(input)).toBe(expected);
  });

  it('should cut names to 200 characters', () => {
    expect(sanitiseArtifactName('x'.repeat(250))).toHaveLength(200);
  });
});

describe('sanitiseArtifactName length', () => {
  it('should keep stored names within 200 UTF-8 bytes without splitting characters', () => {
    const name = sanitiseArtifactName('é'.repeat(300));
    expect(Buffer.byteLength(name, 'utf8')).toBe(200);
    expect(name).toBe('é'.repeat(100));
    expect(sanitiseArtifactName('a'.repeat(300))).toHaveLength(200);
  });
});
